import { strict as assert } from 'node:assert';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { readJsonBody } from '../../../src/http/json-body.js';
import { rawRequest, rawSocket } from '../../support/raw-http.js';

/** A real node:http server whose handler answers with what readJsonBody made of the request. */
describe('readJsonBody (over a real HTTP server)', () => {
  let server: http.Server;
  let url = '';

  before(async () => {
    server = http.createServer(async (req, res) => {
      const result = await readJsonBody(req, 1000);
      res.setHeader('connection', 'close');
      res.end(JSON.stringify(result));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  const read = async (headers: Record<string, string>, body?: Buffer | string) =>
    JSON.parse((await rawRequest(url, { method: 'POST', headers, body })).body);
  const json = { 'content-type': 'application/json' };

  it('returns the object of a JSON body, with or without charset=utf-8 and a BOM', async () => {
    assert.deepEqual(await read(json, '{"type":"message","n":[1,2]}'), {
      ok: true,
      value: { type: 'message', n: [1, 2] },
    });
    assert.deepEqual(await read({ 'content-type': 'application/json; charset=UTF-8' }, '\uFEFF{"a":"é"}'), {
      ok: true,
      value: { a: 'é' },
    });
    assert.deepEqual(await read({ ...json, 'content-encoding': 'identity' }, '{}'), { ok: true, value: {} });
  });

  it('refuses any compression and any other media type with 415', async () => {
    const cases: Record<string, string>[] = [
      { ...json, 'content-encoding': 'gzip' },
      { ...json, 'content-encoding': 'x-anything' },
      { 'content-type': 'application/json; charset=utf-16' },
      { 'content-type': 'application/json; boundary=x' },
      { 'content-type': 'text/json' },
      {},
    ];
    for (const headers of cases) {
      assert.equal((await read(headers, '{}')).status, 415, JSON.stringify(headers));
    }
  });

  it('refuses a declared length over the cap with 413 without waiting for the body', async () => {
    const port = (server.address() as AddressInfo).port;
    // Headers only: a reader that waited for the 5000 bytes would never answer (the helper gives up).
    const end = await rawSocket(
      port,
      (write) =>
        void write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n'),
      { giveUpMs: 10_000 },
    );
    assert.ok(end.closed, 'answered and closed');
    assert.match(end.received, /"status":413/);
  });

  it('counts a chunked body on the bytes that arrive: 413 past the cap', async () => {
    assert.equal(
      (await read({ ...json, 'transfer-encoding': 'chunked' }, JSON.stringify({ pad: 'x'.repeat(2000) }))).status,
      413,
    );
    assert.equal(
      (await read({ ...json, 'transfer-encoding': 'chunked' }, JSON.stringify({ pad: 'x'.repeat(900) }))).ok,
      true,
    );
  });

  it('answers 400 with a generic message for invalid UTF-8, invalid JSON and JSON that is not an object', async () => {
    const messages = new Set<string>();
    for (const body of [Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), '{"a":', '[1]', 'null', '"s"', '']) {
      const answer = await read(json, body);
      assert.equal(answer.status, 400, String(body));
      messages.add(answer.error);
    }
    assert.deepEqual([...messages], ['The body must be a Bot Framework activity (a JSON object).']);
  });
});
