import { strict as assert } from 'node:assert';
import { createSign, generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cardAction } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { BOT_APP_ID, authenticatedEnv, startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box: card actions (answered without a botbuilder turn, their token validation reused for the same
 * token, service URL and channel: src/http/validated-tokens.ts) with tokens really signed, against a
 * loopback OpenID metadata endpoint publishing the signing key (BotOpenIdMetadata), endorsed for msteams.
 */

const APP_ID = BOT_APP_ID;
const KID = 'test-signing-key';
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

describe('black box: card actions with signed Bot Connector tokens (real server over HTTP)', function () {
  this.timeout(60_000);
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherKeys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let metadata: http.Server;
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;

  /** A Bot Connector token for the bot, signed with `key`, valid for `seconds` (negative: already expired). */
  const token = (claims: Record<string, unknown> = {}, key = keys.privateKey, seconds = 3600) => {
    const now = Math.floor(Date.now() / 1000);
    const body = { iss: 'https://api.botframework.com', aud: APP_ID, serviceurl: serviceUrl, nbf: now - 60 };
    const unsigned = `${b64({ alg: 'RS256', typ: 'JWT', kid: KID })}.${b64({ ...body, exp: now + seconds, ...claims })}`;
    return `${unsigned}.${createSign('RSA-SHA256').update(unsigned).sign(key).toString('base64url')}`;
  };
  const refresh = async (authorization: string, where: { serviceUrl?: string } = {}) => {
    const activity = cardAction({ serviceUrl: where.serviceUrl ?? serviceUrl }, 'alert.refresh', { alertId: 'x' });
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify(activity),
    });
    return { status: res.status, body: await res.json().catch(() => undefined) };
  };

  before(async () => {
    metadata = http.createServer((req, res) => {
      const base = `http://127.0.0.1:${(metadata.address() as AddressInfo).port}`;
      const body = req.url?.startsWith('/keys')
        ? { keys: [{ ...keys.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', endorsements: ['msteams'] }] }
        : { issuer: 'https://api.botframework.com', jwks_uri: `${base}/keys` };
      // Two calls: restify, loaded by other suites in this process, replaces writeHead with one returning nothing.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    await new Promise<void>((r) => metadata.listen(0, '127.0.0.1', () => r()));
    const { port } = metadata.address() as AddressInfo;
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-signed-', {
      env: authenticatedEnv(`http://127.0.0.1:${port}/v1/.well-known/openidconfiguration`),
    }));
  });

  after(async () => {
    await stopBlackBox({ bot, connector, dataDir });
    await new Promise<void>((r) => metadata.close(() => r()));
  });

  it('answers a card action with a valid token, again with the same token, and refuses every variation of it', async () => {
    const good = `Bearer ${token()}`;
    for (let i = 0; i < 3; i++) {
      const answer = await refresh(good);
      assert.equal(answer.status, 200, `attempt ${i}`);
      assert.equal(answer.body?.statusCode, 200);
    }
    // The same token for another service URL: its serviceurl claim does not match, though it was accepted before.
    assert.equal((await refresh(good, { serviceUrl: 'http://127.0.0.1:9/' })).status, 401);
    assert.equal((await refresh(`Bearer ${token({}, otherKeys.privateKey)}`)).status, 401, 'signed by another key');
    assert.equal((await refresh(`Bearer ${token({ aud: 'another-bot' })}`)).status, 401, 'for another bot');
    assert.equal((await refresh(`Bearer ${token({}, keys.privateKey, -600)}`)).status, 401, 'expired');
    const [header, payload] = token({ jti: 'another' }).split('.');
    const spliced = `Bearer ${header}.${payload}.${good.split('.')[2]}`;
    assert.equal((await refresh(spliced)).status, 401, 'another token’s signature');
    assert.equal((await refresh(good)).status, 200, 'the good token still works');
  });
});
