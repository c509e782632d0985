import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { cardAction, installInTeam, mentionMessage } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { postAnsweredBeforeBody, rawRequest } from '../support/raw-http.js';

/*
 * Black box: what /api/messages accepts as a request body, through the real server process over HTTP.
 * The bot runs with TMPDIR pointing at a fresh folder, so the test can see any file a request leaves there.
 */

/** Library or runtime wording that must never reach a client. */
const INTERNALS =
  /Unexpected|position|JSON\.parse|toLowerCase|is not a function|Error\b|formidable|at \S+ \(|\.[tj]s:\d+|node_modules/;

describe('black box: request bodies at the HTTP edge (real server over HTTP)', function () {
  this.timeout(120_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let tmpDir: string;
  let bot: BotProcess;
  const messages = () => `${bot.url}/api/messages`;
  const post = (headers: Record<string, string>, body: Buffer | string) =>
    rawRequest(messages(), { method: 'POST', headers, body });
  const healthy = async () => assert.equal((await fetch(`${bot.url}/healthz`)).status, 200, 'the process is still up');
  const tmpListing = async () => (await fs.readdir(tmpDir)).sort();
  /** Calls the bot made to Teams in answer to the activity `id`. */
  const answersTo = (id: unknown) => connector.calls.filter((c) => c.replyToId === id);

  before(async () => {
    connector = new FakeTeamsConnector();
    serviceUrl = await connector.start();
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-bodies-'));
    tmpDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-bodies-tmp-'));
    bot = new BotProcess({ DATA_DIR: dataDir, TMPDIR: tmpDir });
    await bot.start();
    assert.equal((await bot.send(installInTeam({ serviceUrl }))).status, 200);
  });

  after(async () => {
    await bot.stop();
    await connector.stop();
    await fs.rm(dataDir, { recursive: true, force: true });
    await fs.rm(tmpDir, { recursive: true, force: true });
  });

  it('refuses a compressed body with 415 without inflating it (600 KB of gzip that inflates to 600 MiB), and stays up', async () => {
    // 600 gzip members of 1 MiB of zeros each: gunzip reads them as one stream of 600 MiB.
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const bomb = Buffer.concat(Array.from({ length: 600 }, () => member));
    const activity = mentionMessage({ serviceUrl }, 'help');
    const json = JSON.stringify(activity);
    const answered = await postAnsweredBeforeBody(
      bot.port,
      '/api/messages',
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      bomb,
    );
    assert.equal(answered, 415, 'the bomb is refused on its headers, before its body is read');
    await healthy();
    const cases: [string, Buffer][] = [
      ['gzip', bomb],
      ['gzip', gzipSync(json)],
      ['deflate', deflateSync(json)],
      ['br', brotliCompressSync(json)],
    ];
    for (const [encoding, body] of cases) {
      const res = await post({ 'content-type': 'application/json', 'content-encoding': encoding }, body);
      assert.equal(res.status, 415, `Content-Encoding: ${encoding} (${body.length} bytes)`);
      assert.doesNotMatch(res.body, INTERNALS);
      await healthy();
    }
    assert.deepEqual(answersTo(activity.id), [], 'no compressed activity reached the bot');
  });

  it('accepts application/json only: multipart, CSV, form and text bodies get 415 and nothing is written to disk', async () => {
    const before = await tmpListing();
    const boundary = '----dlp-test-boundary';
    const multipart = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="type"',
      '',
      'message',
      `--${boundary}`,
      'Content-Disposition: form-data; name="file"; filename="big.bin"',
      'Content-Type: application/octet-stream',
      '',
      'x'.repeat(200_000),
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const activity = mentionMessage({ serviceUrl }, 'help');
    const form = new URLSearchParams({
      type: 'message',
      id: 'form-1',
      channelId: 'msteams',
      serviceUrl,
      text: 'help',
    }).toString();
    const cases: [string | undefined, string][] = [
      [`multipart/form-data; boundary=${boundary}`, multipart],
      ['text/csv', 'type,text\nmessage,help\n"unclosed'],
      ['application/x-www-form-urlencoded', form],
      ['text/plain', JSON.stringify(activity)],
      ['application/json; charset=latin1', JSON.stringify(activity)],
      ['application/jsonp', JSON.stringify(activity)],
      [undefined, JSON.stringify(activity)],
    ];
    for (const [type, body] of cases) {
      const res = await post(type ? { 'content-type': type } : {}, body);
      assert.equal(res.status, 415, `Content-Type: ${type ?? '(none)'}`);
      assert.doesNotMatch(res.body, INTERNALS, `no parser message for ${type}`);
    }
    assert.deepEqual([...answersTo(activity.id), ...answersTo('form-1')], [], 'none of them reached the bot');
    assert.deepEqual(await tmpListing(), before, 'no file appeared in the temp folder');
    await healthy();
  });

  it('accepts application/json with charset=utf-8 and in any letter case', async () => {
    for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/json;charset="UTF-8"']) {
      const activity = mentionMessage({ serviceUrl }, 'help');
      const res = await post({ 'content-type': type }, JSON.stringify(activity));
      assert.equal(res.status, 200, type);
      await connector.waitFor((c) => c.posted.some((p) => p.replyToId === activity.id));
    }
  });

  it('answers 413 for a body over 1 MiB, whether or not it declares its length', async () => {
    const big = JSON.stringify({ ...mentionMessage({ serviceUrl }, 'help'), padding: 'x'.repeat(1024 * 1024) });
    assert.equal((await post({ 'content-type': 'application/json' }, big)).status, 413, 'with Content-Length');
    const chunked = await rawRequest(messages(), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: big,
    });
    assert.equal(chunked.status, 413, 'chunked');
    assert.doesNotMatch(chunked.body, INTERNALS);
    await healthy();
  });

  it('answers invalid JSON and JSON that is not an object with 400 and a generic message', async () => {
    for (const body of ['{not json', '[]', 'null', '"activity"', '42', '', '{"type": "message"']) {
      const res = await post({ 'content-type': 'application/json' }, body);
      assert.equal(res.status, 400, `body ${JSON.stringify(body)}`);
      assert.doesNotMatch(res.body, INTERNALS, `no parser message for ${JSON.stringify(body)}`);
    }
    await healthy();
  });

  describe('malformed activities', () => {
    const valid = () => cardAction({ serviceUrl }, 'alert.refresh', { alertId: 'x' });
    const refresh = (value: unknown) => ({ ...valid(), value });
    const cases: [string, () => unknown][] = [
      ['card action value {}', () => refresh({})],
      ['card action value "x"', () => refresh('x')],
      ['card action value { action: null }', () => refresh({ action: null })],
      [
        'card action of another type',
        () => refresh({ action: { type: 'Action.Submit', verb: 'alert.refresh', data: {} } }),
      ],
      ['card action verb 42', () => refresh({ action: { type: 'Action.Execute', verb: 42, data: {} } })],
      ['card action data "x"', () => refresh({ action: { type: 'Action.Execute', verb: 'alert.refresh', data: 'x' } })],
      ['card action data []', () => refresh({ action: { type: 'Action.Execute', verb: 'alert.refresh', data: [] } })],
      ['serviceUrl 1', () => ({ ...valid(), serviceUrl: 1 })],
      ['serviceUrl not http(s)', () => ({ ...valid(), serviceUrl: 'file:///etc/passwd' })],
      ['serviceUrl not a URL', () => ({ ...valid(), serviceUrl: 'teams' })],
      ['no serviceUrl', () => ({ ...valid(), serviceUrl: undefined })],
      ['type 5', () => ({ ...valid(), type: 5 })],
      ['no conversation', () => ({ ...valid(), conversation: undefined })],
      ['conversation id 5', () => ({ ...valid(), conversation: { id: 5 } })],
      ['from "x"', () => ({ ...valid(), from: 'x' })],
      ['recipient id null', () => ({ ...valid(), recipient: { id: null } })],
      ['channelId {}', () => ({ ...valid(), channelId: {} })],
      ['channelData "x"', () => ({ ...valid(), channelData: 'x' })],
      ['channelData.tenant.id 7', () => ({ ...valid(), channelData: { tenant: { id: 7 } } })],
      ['entities "x"', () => ({ ...mentionMessage({ serviceUrl }, 'help'), entities: 'x' })],
      ['entities [1]', () => ({ ...mentionMessage({ serviceUrl }, 'help'), entities: [1] })],
      ['text {}', () => ({ ...mentionMessage({ serviceUrl }, 'help'), text: {} })],
      ['membersAdded "bot"', () => ({ ...installInTeam({ serviceUrl }), membersAdded: 'bot' })],
      ['id []', () => ({ ...valid(), id: [] })],
    ];
    for (const [title, make] of cases) {
      it(`${title}: 400, a generic message, nothing done`, async () => {
        const activity = make() as { id?: unknown };
        const res = await bot.send(activity);
        assert.equal(res.status, 400);
        assert.doesNotMatch(JSON.stringify(res.body), INTERNALS);
        assert.deepEqual(answersTo(activity.id), [], 'nothing reached Teams');
      });
    }

    it('an activity with fields the bot does not know passes (Teams sends many)', async () => {
      const activity = {
        ...mentionMessage({ serviceUrl }, 'help'),
        locale: 'en-GB',
        localTimezone: 'Europe/London',
        attachments: [],
        textFormat: 'plain',
        from: {
          id: '29:avery-admin',
          name: 'Avery Admin',
          aadObjectId: 'a0000000-0000-4000-8000-000000000001',
          role: 'user',
        },
        entities: [
          { type: 'clientInfo', locale: 'en-GB', platform: 'Web' },
          ...mentionMessage({ serviceUrl }, 'help').entities,
        ],
        futureField: { nested: [1, 'two', null] },
      };
      assert.equal((await bot.send(activity)).status, 200);
      await connector.waitFor((c) => c.posted.some((p) => p.replyToId === activity.id));
      await healthy();
    });
  });
});
