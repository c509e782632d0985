import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { cardAction, mentionMessage } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { postAnsweredBeforeBody } from '../support/raw-http.js';
import { BOT_APP_ID, authenticatedEnv, startBlackBox, stopBlackBox } from '../support/black-box.js';

/*
 * Black box: the real server with MicrosoftAppId set (JWT validation on), over HTTP. The OpenID metadata
 * that publishes the channel's signing keys is pointed at a closed loopback port (BotOpenIdMetadata), so
 * the keys can never be fetched, deterministically and without internet.
 */

const APP_ID = BOT_APP_ID;
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A port nothing listens on: bound by the OS, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('black box: token validation at the HTTP edge (MicrosoftAppId set, real server over HTTP)', function () {
  this.timeout(60_000);
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let dataDir: string;
  let bot: BotProcess;

  /** A JWT shaped like the Bot Connector's (issuer, audience, key id, expiry) with a made-up signature. */
  const forged = () => {
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'RS256', typ: 'JWT', kid: 'forged-key-id' };
    const claims = {
      iss: 'https://api.botframework.com',
      aud: APP_ID,
      serviceurl: serviceUrl,
      nbf: now - 60,
      exp: now + 3600,
    };
    return `${b64(header)}.${b64(claims)}.${randomBytes(256).toString('base64url')}`;
  };
  const post = (activity: unknown, authorization?: string) =>
    fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });

  before(async () => {
    ({ connector, serviceUrl, dataDir, bot } = await startBlackBox('dlp-auth-', {
      env: authenticatedEnv(`http://127.0.0.1:${await closedPort()}/v1/.well-known/openidconfiguration`),
    }));
  });

  after(() => stopBlackBox({ bot, connector, dataDir }));

  it('answers 401 with a generic body to a request without a token, with a garbage token or another scheme', async () => {
    for (const authorization of [undefined, 'Bearer garbage', 'Bearer a.b.c', 'Basic dXNlcjpwYXNz', 'Bearer ']) {
      const activity = mentionMessage({ serviceUrl }, 'help');
      const res = await post(activity, authorization);
      assert.equal(res.status, 401, `Authorization: ${authorization ?? '(none)'}`);
      assert.equal(res.headers.get('www-authenticate'), 'Bearer');
      assert.deepEqual(await res.json(), { error: 'Unauthorized.' });
      assert.deepEqual(
        connector.calls.filter((c) => c.replyToId === activity.id),
        [],
      );
    }
  });

  it('never inflates a compressed body (600 MiB of gzip zeros), with or without a token, and stays up', async () => {
    const member = gzipSync(Buffer.alloc(1024 * 1024));
    const bomb = Buffer.concat(Array.from({ length: 600 }, () => member));
    const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    assert.equal(
      await postAnsweredBeforeBody(bot.port, '/api/messages', headers, bomb),
      401,
      'no token: refused before the body is read',
    );
    const withToken = await postAnsweredBeforeBody(
      bot.port,
      '/api/messages',
      { ...headers, authorization: `Bearer ${forged()}` },
      bomb,
    );
    assert.equal(withToken, 415, 'a token, checked or not, does not make a compressed body acceptable');
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
  });

  it('answers 401, not 500, to a forged token when the signing keys cannot be fetched; logs why, never the token', async () => {
    const token = forged();
    const activities = [
      mentionMessage({ serviceUrl }, 'help'),
      cardAction({ serviceUrl }, 'alert.refresh', { alertId: 'x' }),
    ];
    for (const activity of activities) {
      const res = await post(activity, `Bearer ${token}`);
      assert.equal(res.status, 401, `${activity.type}`);
      assert.deepEqual(await res.json(), { error: 'Unauthorized.' });
    }
    await new Promise((r) => setTimeout(r, 200));
    const ids = new Set<unknown>(activities.map((a) => a.id));
    const refusals = bot.logs.filter(
      (l) => l.msg === 'activity' && ids.has(l.activityId) && l.status === 401 && l.refused === 'not authenticated',
    );
    assert.equal(refusals.length, 2, 'one log line per refused request');
    assert.ok(
      refusals.every((l) => typeof l.reason === 'string' && l.reason.length > 0),
      'the reason is logged',
    );
    const everything = JSON.stringify(bot.logs) + bot.stderr;
    assert.ok(
      !everything.includes(token.split('.')[2]!) && !everything.includes(token.split('.')[0]!),
      'no part of the token in the logs',
    );
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200);
  });
});
