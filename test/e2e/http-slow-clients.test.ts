import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BotProcess } from '../support/bot-process.js';
import { idleSocket, rawRequest, rawSocket, type SocketEnd } from '../support/raw-http.js';
import { sleep } from '../support/sleep.js';

/*
 * Black box: what slow and greedy clients can hold, against the real server process over raw sockets.
 * A second "client" is a second loopback source address (127.0.0.2, 127.0.0.3): the server tells clients
 * apart by address. Timeouts are set short through config; nothing here asserts on a duration, only on
 * what the server did (answered 408, closed, refused, throttled) while it kept serving others.
 */

/** Closed by the server, with nothing or a 408 written before. */
const closedWith408 = (end: SocketEnd, what: string) => {
  assert.ok(end.closed, `${what}: the server closed the connection`);
  assert.ok(
    end.received === '' || /^HTTP\/1\.1 408 /.test(end.received),
    `${what}: 408 or nothing, got ${JSON.stringify(end.received.slice(0, 80))}`,
  );
};

describe('black box: slow clients, connection caps and share link throttling (real server over HTTP)', function () {
  this.timeout(120_000);
  let dataDir: string;
  let bot: BotProcess;
  const healthz = () => fetch(`${bot.url}/healthz`).then((r) => r.status);

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-slow-'));
  });
  afterEach(async () => {
    await bot?.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('closes connections whose headers or body never finish (408), many at once, and keeps serving', async () => {
    bot = new BotProcess({ DATA_DIR: dataDir, HTTP_HEADERS_TIMEOUT_SECONDS: '1', HTTP_REQUEST_TIMEOUT_SECONDS: '2' });
    await bot.start();
    // Headers dribbled one line at a time, never ending (bounded: the helper gives up after 30 s).
    const dribble = (write: (s: string) => boolean) => {
      write('POST /api/messages HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n');
      let n = 0;
      const timer = setInterval(() => (++n > 150 || !write(`X-Slow-${n}: ${n}\r\n`)) && clearInterval(timer), 200);
    };
    // Complete headers, then a body that stops after 10 of its 1000 bytes.
    const stalledBody = (write: (s: string) => boolean) =>
      void write(
        'POST /api/messages HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"type":"m',
      );
    const ends = await Promise.all([
      ...Array.from({ length: 20 }, () => rawSocket(bot.port, dribble)),
      ...Array.from({ length: 20 }, () => rawSocket(bot.port, stalledBody)),
      ...Array.from({ length: 10 }, () => rawSocket(bot.port, () => undefined)),
    ]);
    ends.slice(0, 20).forEach((e, i) => closedWith408(e, `dribbled headers #${i}`));
    ends.slice(20, 40).forEach((e, i) => closedWith408(e, `stalled body #${i}`));
    ends.slice(40).forEach((e, i) => closedWith408(e, `silent connection #${i}`));
    assert.equal(await healthz(), 200);
  });

  it('refuses a connection past the per-client cap while other clients are served, and frees the slot on close', async () => {
    bot = new BotProcess({ DATA_DIR: dataDir, HTTP_MAX_CONNECTIONS_PER_CLIENT: '3' });
    await bot.start();
    const held = await Promise.all(Array.from({ length: 3 }, () => idleSocket(bot.port, '127.0.0.2')));
    const fourth = await rawSocket(bot.port, (write) => void write('GET /healthz HTTP/1.1\r\nHost: bot\r\n\r\n'), {
      localAddress: '127.0.0.2',
      giveUpMs: 10_000,
    });
    assert.ok(fourth.closed, 'the fourth connection from 127.0.0.2 was closed');
    assert.equal(fourth.received, '', 'and not answered');
    assert.equal(await healthz(), 200, 'another client (127.0.0.1) is still served');
    const other = await rawRequest(`${bot.url}/healthz`, { localAddress: '127.0.0.3' });
    assert.equal(other.status, 200, 'and so is a third one');
    held[0]!.socket.destroy();
    await held[0]!.closed;
    await sleep(100);
    const again = await rawRequest(`${bot.url}/healthz`, { localAddress: '127.0.0.2' });
    assert.equal(again.status, 200, 'a slot freed by a closed connection can be used again');
    held.forEach((h) => h.socket.destroy());
  });

  it('throttles /share/* per client address: 429 with Retry-After and the page headers; others still get the page', async () => {
    bot = new BotProcess({ DATA_DIR: dataDir, SHARE_RATE_LIMIT_PER_MINUTE: '5' });
    await bot.start();
    const marker = 'EVIL-AGENT-MARKER-0123456789';
    const view = (localAddress: string) =>
      rawRequest(`${bot.url}/share/not-a-token`, { localAddress, headers: { 'user-agent': marker } });
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await view('127.0.0.2'));
    assert.deepEqual(
      answers.slice(0, 5).map((a) => a.status),
      [404, 404, 404, 404, 404],
      'the first five are answered',
    );
    assert.ok(
      answers.slice(5).every((a) => a.status === 429),
      `then 429: ${answers.map((a) => a.status).join(',')}`,
    );
    const throttled = answers[11]!;
    assert.match(String(throttled.headers['retry-after']), /^[1-9]\d*$/, 'Retry-After in whole seconds');
    const page = answers[0]!;
    for (const h of [
      'content-security-policy',
      'cache-control',
      'x-robots-tag',
      'referrer-policy',
      'x-content-type-options',
      'content-type',
    ]) {
      assert.equal(throttled.headers[h], page.headers[h], `${h} as on the share page`);
    }
    assert.ok(throttled.body.length < 1000 && /Too many requests/.test(throttled.body), 'a small page saying why');
    assert.equal((await view('127.0.0.3')).status, 404, 'another client is not throttled');
    await bot.stop();
    const audit = await fs.readFile(path.join(dataDir, 'audit.jsonl'), 'utf8').catch(() => '');
    assert.ok(!audit.includes(marker), 'the user agent is not written to the audit log');
  });
});
