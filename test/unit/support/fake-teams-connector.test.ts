import { strict as assert } from 'node:assert';
import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import { FakeTeamsConnector, type RecordedCall } from '../../support/fake-teams-connector.js';

const CHANNEL = '19:abc@thread.tacv2';

async function postJson(url: string, body: unknown, method = 'POST'): Promise<{ status: number; json: any }> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

function newAdapter(): CloudAdapter {
  // Auth disabled: no app id / password -> MicrosoftAppCredentials.Empty, no Authorization header, no token fetch.
  return new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
}

/** Creates a channel thread through botbuilder; returns the new conversation id and the root activity id. */
async function createThread(
  adapter: CloudAdapter,
  serviceUrl: string,
  text: string,
): Promise<{ conversationId: string; rootId: string; ref: Partial<ConversationReference> }> {
  let ref: Partial<ConversationReference> | undefined;
  // Empty botAppId is fine for CloudAdapter.createConversationAsync itself (createClaimsIdentity('') and the
  // auth-disabled credential factory accept it). Only TeamsInfo.sendMessageToTeamsChannel insists on a truthy id.
  // audience '' is passed through to the (empty) credentials and unused when auth is disabled.
  await adapter.createConversationAsync(
    '',
    'msteams',
    serviceUrl,
    '',
    {
      isGroup: true,
      channelData: { channel: { id: CHANNEL } },
      activity: { type: 'message', text } as Partial<Activity> as Activity,
    } as any,
    async (ctx) => {
      ref = TurnContext.getConversationReference(ctx.activity);
    },
  );
  assert.ok(ref?.conversation?.id, 'createConversationAsync produced a conversation reference');
  const conversationId = ref.conversation.id;
  const rootId = conversationId.split(';messageid=')[1];
  assert.ok(rootId, `conversation id ${conversationId} has a ;messageid= suffix`);
  return { conversationId, rootId, ref };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function gaps(calls: RecordedCall[]): number[] {
  return calls.slice(1).map((c, i) => c.at - calls[i]!.at);
}

describe('FakeTeamsConnector', function () {
  this.timeout(30000);
  let fake: FakeTeamsConnector;
  let serviceUrl: string;

  beforeEach(async () => {
    fake = new FakeTeamsConnector();
    serviceUrl = await fake.start();
  });
  afterEach(async () => {
    await fake.stop();
  });

  describe('plain fetch', () => {
    it('returns a loopback serviceUrl with a trailing slash', () => {
      assert.match(serviceUrl, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    });

    it('creates a channel thread, replies, updates, and keeps the latest body', async () => {
      const created = await postJson(`${serviceUrl}v3/conversations`, {
        isGroup: true,
        channelData: { channel: { id: CHANNEL } },
        activity: { type: 'message', text: 'root' },
      });
      assert.equal(created.status, 201);
      const rootId: string = created.json.activityId;
      assert.match(rootId, /^\d{13}$/);
      assert.equal(created.json.id, `${CHANNEL};messageid=${rootId}`);

      const convPath = `${serviceUrl}v3/conversations/${encodeURIComponent(created.json.id)}/activities`;
      const reply = await postJson(convPath, { type: 'message', text: 'reply 1' });
      assert.equal(reply.status, 201);
      assert.ok(BigInt(reply.json.id) > BigInt(rootId), 'activity ids increase');
      const reply2 = await postJson(`${convPath}/${rootId}`, { type: 'message', text: 'reply 2', replyToId: rootId });
      assert.equal(reply2.status, 201);

      const upd = await postJson(`${convPath}/${rootId}`, { type: 'message', id: rootId, text: 'root v2' }, 'PUT');
      assert.equal(upd.status, 200);
      assert.deepEqual(upd.json, { id: rootId });

      assert.equal(fake.threadsIn(CHANNEL).length, 1);
      assert.equal(fake.threadsIn('19:other@thread.tacv2').length, 0);
      assert.equal(fake.posted.length, 3);
      assert.equal(fake.updated.length, 1);
      assert.equal(fake.activity(rootId).text, 'root v2');
      assert.equal(fake.activity(reply.json.id).text, 'reply 1');
      assert.deepEqual(
        fake.messagesIn(created.json.id).map((c) => c.activityId),
        [rootId, reply.json.id, reply2.json.id],
      );
      const r2 = fake.posted[2]!;
      assert.equal(r2.conversationId, created.json.id, 'conversation id is decoded');
      assert.equal(r2.replyToId, rootId);
      assert.ok(r2.path.includes('%3Bmessageid%3D'), `raw path kept encoded: ${r2.path}`);
    });

    it('creates a 1:1 conversation with a stable id and records its activity', async () => {
      const a = await postJson(`${serviceUrl}v3/conversations`, {
        isGroup: false,
        bot: { id: '28:bot' },
        members: [{ id: '29:1-alex-wilber' }],
        tenantId: 't',
      });
      const b = await postJson(`${serviceUrl}v3/conversations`, {
        isGroup: false,
        bot: { id: '28:bot' },
        members: [{ id: '29:1-alex-wilber' }],
        tenantId: 't',
        activity: { type: 'message', text: 'hello' },
      });
      const c = await postJson(`${serviceUrl}v3/conversations`, { isGroup: false, members: [{ id: '29:1-lee-gu' }] });
      assert.equal(a.status, 201);
      assert.match(a.json.id, /^a:/);
      assert.equal(a.json.id, b.json.id);
      assert.notEqual(a.json.id, c.json.id);
      assert.equal(fake.posted.length, 1, 'only the create with an activity counts as posted');
      assert.equal(fake.activity(b.json.activityId).text, 'hello');
      assert.equal(fake.threadsIn(CHANNEL).length, 0);
    });

    it('answers members and paged members', async () => {
      const base = `${serviceUrl}v3/conversations/${encodeURIComponent(CHANNEL)}`;
      const all = await (await fetch(`${base}/members`)).json();
      assert.equal(all.length, 3);
      assert.match(all[0].id, /^29:/);
      assert.ok(all[0].aadObjectId && all[0].userPrincipalName && all[0].name);
      const p1 = await (await fetch(`${base}/pagedmembers?pageSize=2`)).json();
      assert.equal(p1.members.length, 2);
      assert.ok(p1.continuationToken);
      const p2 = await (
        await fetch(`${base}/pagedmembers?pageSize=2&continuationToken=${p1.continuationToken}`)
      ).json();
      assert.equal(p2.members.length, 1);
      assert.equal(p2.continuationToken, undefined);
      fake.members = [{ id: '29:x', name: 'X' }];
      const one = await (await fetch(`${base}/pagedmembers`)).json();
      assert.deepEqual(one, { members: [{ id: '29:x', name: 'X' }] });
    });

    it('validates request shapes with 400 BadArgument and records them', async () => {
      const conv = `${serviceUrl}v3/conversations/${encodeURIComponent(CHANNEL)}/activities`;
      const cases: Array<[string, string, unknown]> = [
        ['POST', conv, 'not json'],
        ['POST', conv, { text: 'no type' }],
        ['POST', `${serviceUrl}v3/conversations`, { isGroup: true, channelData: { channel: { id: CHANNEL } } }],
        ['PUT', `${conv}/1`, { text: 'no type' }],
      ];
      for (const [method, url, body] of cases) {
        const r = await postJson(url, body, method);
        assert.equal(r.status, 400, `${method} ${url} ${JSON.stringify(body)}`);
        assert.equal(r.json.error.code, 'BadArgument');
        assert.ok(r.json.error.message);
      }
      // PUT with a mismatching id
      const root = await postJson(conv, { type: 'message', text: 'x' });
      const mismatch = await postJson(`${conv}/${root.json.id}`, { type: 'message', id: '999', text: 'y' }, 'PUT');
      assert.equal(mismatch.status, 400);
      // PUT of an unknown activity
      const unknown = await postJson(`${conv}/1234`, { type: 'message', text: 'y' }, 'PUT');
      assert.equal(unknown.status, 404);
      // unknown route
      const other = await fetch(`${serviceUrl}v3/teams/xyz`);
      assert.equal(other.status, 404);
      assert.equal((await other.json()).error.code, 'NotFound');

      assert.equal(fake.calls.length, 8);
      assert.deepEqual(
        fake.calls.map((c) => c.status),
        [400, 400, 400, 400, 201, 400, 404, 404],
      );
      assert.equal(fake.posted.length, 1);
      assert.equal(fake.updated.length, 0);
      assert.equal(fake.activity(root.json.id).text, 'x');
    });

    it('handles a serviceUrl path prefix', async () => {
      const prefixed = new FakeTeamsConnector({ pathPrefix: 'emea' });
      const url = await prefixed.start();
      try {
        assert.match(url, /\/emea\/$/);
        const r = await postJson(`${url}v3/conversations/${encodeURIComponent('a:1xyz')}/activities`, {
          type: 'message',
          text: 't',
        });
        assert.equal(r.status, 201);
        assert.equal(prefixed.posted[0]!.conversationId, 'a:1xyz');
      } finally {
        await prefixed.stop();
      }
    });

    it('injects failures by index, clears them, and applies latency', async () => {
      fake.failWhen(({ index }) => (index === 0 ? { status: 503, headers: { 'Retry-After': '2' } } : undefined));
      const url = `${serviceUrl}v3/conversations/${encodeURIComponent(CHANNEL)}/activities`;
      const r1 = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message' }),
      });
      assert.equal(r1.status, 503);
      assert.equal(r1.headers.get('retry-after'), '2');
      const r2 = await postJson(url, { type: 'message' });
      assert.equal(r2.status, 201);
      fake.failWhen(() => ({ status: 429, body: { error: { code: 'Throttled', message: 'slow down' } } }));
      const r3 = await postJson(url, { type: 'message' });
      assert.deepEqual(r3, { status: 429, json: { error: { code: 'Throttled', message: 'slow down' } } });
      fake.clearFailures();
      fake.latency = 150;
      const t0 = Date.now();
      const r4 = await postJson(url, { type: 'message' });
      assert.equal(r4.status, 201);
      assert.ok(Date.now() - t0 >= 140);
      assert.deepEqual(
        fake.calls.map((c) => c.status),
        [503, 201, 429, 201],
      );
      assert.equal(fake.posted.length, 2);
    });

    it('waitFor resolves when the predicate holds and rejects descriptively on timeout', async () => {
      setTimeout(() => void postJson(`${serviceUrl}v3/conversations/x/activities`, { type: 'message' }), 50);
      await fake.waitFor((c) => c.posted.length === 1, 2000);
      await assert.rejects(
        fake.waitFor((c) => c.posted.length === 2, 100),
        (err: Error) => {
          assert.match(err.message, /timed out after 100 ms/);
          assert.match(err.message, /posted\.length\s*===\s*2/);
          assert.match(err.message, /201 POST \/v3\/conversations\/x\/activities/);
          return true;
        },
      );
    });
  });

  describe('botbuilder CloudAdapter (real ConnectorClient)', () => {
    it('creates a thread, replies into it via continueConversationAsync, and updates the root', async () => {
      const adapter = newAdapter();
      const { conversationId, rootId, ref } = await createThread(adapter, serviceUrl, 'hi');
      assert.equal(conversationId, `${CHANNEL};messageid=${rootId}`);

      const threads = fake.threadsIn(CHANNEL);
      assert.equal(threads.length, 1);
      const create = threads[0]!;
      assert.equal(create.path, '/v3/conversations');
      assert.equal(create.body.isGroup, true);
      assert.equal(create.body.activity.text, 'hi');
      assert.match(String(create.headers['user-agent']), /Microsoft-BotFramework/);
      assert.equal(create.headers.authorization, undefined, 'no auth header when auth is disabled');

      // Reply into the thread: conversation id "<channel>;messageid=<root>".
      let replyId: string | undefined;
      const threadRef: Partial<ConversationReference> = {
        ...ref,
        activityId: undefined,
        conversation: { id: conversationId, isGroup: true, conversationType: 'channel', name: '' },
        serviceUrl,
      };
      await adapter.continueConversationAsync('', threadRef, async (ctx) => {
        const r = await ctx.sendActivity('reply in thread');
        replyId = r?.id;
        await ctx.updateActivity({ type: 'message', id: rootId, text: 'hi (edited)' });
      });
      assert.ok(replyId);

      // Observed: in a CloudAdapter proactive turn the continuation activity gets a random uuid id, and
      // TurnContext.sendActivities copies it into replyToId, so botbuilder ALWAYS uses the reply route
      // POST .../activities/<uuid> - even when reference.activityId is set (it is ignored here).
      await adapter.continueConversationAsync('', { ...threadRef, activityId: rootId }, async (ctx) => {
        await ctx.sendActivity('second reply');
      });

      const encodedConv = encodeURIComponent(conversationId);
      const uuid = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
      const lines = fake.calls.map((c) => `${c.status} ${c.method} ${c.path}`);
      assert.equal(lines.length, 4, lines.join('\n'));
      assert.equal(lines[0], '201 POST /v3/conversations');
      assert.match(lines[1]!, new RegExp(`^201 POST /v3/conversations/${escapeRe(encodedConv)}/activities/${uuid}$`));
      assert.equal(lines[2], `200 PUT /v3/conversations/${encodedConv}/activities/${rootId}`);
      assert.match(lines[3]!, new RegExp(`^201 POST /v3/conversations/${escapeRe(encodedConv)}/activities/${uuid}$`));
      assert.equal(fake.calls[1]!.conversationId, conversationId);
      assert.equal(fake.calls[1]!.body.text, 'reply in thread');
      assert.equal(fake.calls[1]!.body.conversation.id, conversationId);
      assert.equal(fake.calls[1]!.body.replyToId, fake.calls[1]!.replyToId);
      assert.equal(fake.calls[2]!.body.id, rootId);
      assert.notEqual(fake.calls[3]!.body.replyToId, rootId);
      assert.equal(fake.activity(rootId).text, 'hi (edited)');
      assert.equal(fake.activity(replyId).text, 'reply in thread');
      assert.equal(fake.messagesIn(conversationId).length, 3);
      assert.equal(fake.updated.length, 1);
    });

    it('1:1 createConversationAsync returns the a: conversation id', async () => {
      const adapter = newAdapter();
      let convId: string | undefined;
      await adapter.createConversationAsync(
        '',
        'msteams',
        serviceUrl,
        '',
        {
          isGroup: false,
          bot: { id: '28:bot', name: 'bot' },
          members: [{ id: '29:1-alex-wilber', name: '' }],
          tenantId: 't',
          channelData: { tenant: { id: 't' } },
        } as any,
        async (ctx) => {
          convId = ctx.activity.conversation.id;
          await ctx.sendActivity('hello 1:1');
        },
      );
      assert.match(String(convId), /^a:1/);
      assert.equal(fake.posted.length, 1);
      assert.equal(fake.posted[0]!.conversationId, convId);
      // Observed: in the createConversationAsync turn the synthetic activity id is the conversation id, so
      // sendActivity uses the reply route with replyToId = the conversation id.
      assert.equal(fake.posted[0]!.replyToId, convId);
      assert.equal(fake.posted[0]!.body.replyToId, convId);
    });

    it('surfaces 400 BadArgument and 404 as errors with statusCode', async () => {
      const adapter = newAdapter();
      const { conversationId } = await createThread(adapter, serviceUrl, 'root');
      await adapter.continueConversationAsync(
        '',
        { conversation: { id: conversationId } as any, serviceUrl, channelId: 'msteams' },
        async (ctx) => {
          await assert.rejects(ctx.updateActivity({ type: 'message', id: '1', text: 'nope' }), (err: any) => {
            assert.equal(err.statusCode, 404);
            return true;
          });
        },
      );
      fake.failWhen(({ method }) =>
        method === 'POST' ? { status: 400, body: { error: { code: 'BadArgument', message: 'nope' } } } : undefined,
      );
      await assert.rejects(createThread(adapter, serviceUrl, 'x'), (err: any) => {
        assert.equal(err.statusCode, 400);
        assert.match(String(err.message), /nope|BadArgument/);
        return true;
      });
      // 4xx other than 429 are not retried by the client
      assert.equal(fake.calls.filter((c) => c.status === 400).length, 1);
    });

    describe('botbuilder/@azure/core-rest-pipeline built-in retries (observed behaviour)', () => {
      // botframework-connector's ConnectorClient -> botbuilder-stdlib ServiceClientContext -> @azure/core-client
      // ServiceClient -> createPipelineFromOptions -> defaultRetryPolicy = throttlingRetryStrategy +
      // exponentialRetryStrategy, maxRetries 3 (@typespec/ts-http-runtime 0.3.x).

      it('429 + Retry-After on every request: 4 requests (1 + 3 retries) spaced by Retry-After, then statusCode 429', async () => {
        const adapter = newAdapter();
        fake.failWhen(() => ({
          status: 429,
          headers: { 'Retry-After': '1' },
          body: { error: { code: 'TooManyRequests', message: 'throttled' } },
        }));
        const t0 = Date.now();
        await assert.rejects(createThread(adapter, serviceUrl, 'x'), (err: any) => {
          // @azure/core-rest-pipeline RestError; code/message come from the { error: { code, message } } body.
          assert.equal(err.name, 'RestError');
          assert.equal(err.statusCode, 429);
          assert.equal(err.code, 'TooManyRequests');
          assert.equal(err.message, 'throttled');
          return true;
        });
        const elapsed = Date.now() - t0;
        const g = gaps(fake.calls);
        console.log(
          `      observed: ${fake.calls.length} requests for one call, gaps ${g.join(', ')} ms, total ${elapsed} ms`,
        );
        assert.equal(fake.calls.length, 4);
        assert.ok(fake.calls.every((c) => c.status === 429));
        for (const gap of g) assert.ok(gap >= 950 && gap < 2500, `gap ${gap} ms honours Retry-After: 1`);
        assert.equal(fake.posted.length, 0);
      });

      it('429 + Retry-After on the first two requests only: the call succeeds transparently (3 requests)', async () => {
        const adapter = newAdapter();
        fake.failWhen(({ index }) => (index < 2 ? { status: 429, headers: { 'Retry-After': '0' } } : undefined));
        const { rootId } = await createThread(adapter, serviceUrl, 'x');
        assert.deepEqual(
          fake.calls.map((c) => c.status),
          [429, 429, 201],
        );
        assert.equal(fake.threadsIn(CHANNEL).length, 1);
        assert.equal(fake.activity(rootId).text, 'x');
      });

      it('429 without Retry-After: not retried (1 request), statusCode 429', async () => {
        const adapter = newAdapter();
        fake.failWhen(() => ({ status: 429 }));
        await assert.rejects(createThread(adapter, serviceUrl, 'x'), (err: any) => {
          assert.equal(err.statusCode, 429);
          return true;
        });
        assert.equal(fake.calls.length, 1);
      });

      it('412 and 501 are not retried (1 request each)', async () => {
        for (const status of [412, 501]) {
          fake.calls.length = 0;
          fake.clearFailures();
          fake.failWhen(() => ({ status }));
          await assert.rejects(createThread(newAdapter(), serviceUrl, 'x'), (err: any) => err.statusCode === status);
          assert.equal(fake.calls.length, 1, `status ${status}`);
        }
      });

      it('429 with retry-after-ms is honoured in milliseconds', async () => {
        const adapter = newAdapter();
        fake.failWhen(() => ({ status: 429, headers: { 'retry-after-ms': '200' } }));
        await assert.rejects(createThread(adapter, serviceUrl, 'x'), (err: any) => err.statusCode === 429);
        const g = gaps(fake.calls);
        assert.equal(fake.calls.length, 4);
        for (const gap of g) assert.ok(gap >= 190 && gap < 1000, `gap ${gap} ms ~ 200 ms`);
      });

      it('503 + Retry-After on every request: 4 requests honouring Retry-After, then statusCode 503', async () => {
        const adapter = newAdapter();
        fake.failWhen(() => ({ status: 503, headers: { 'Retry-After': '0' } }));
        await assert.rejects(createThread(adapter, serviceUrl, 'x'), (err: any) => {
          assert.equal(err.statusCode, 503);
          return true;
        });
        assert.equal(fake.calls.length, 4);
        assert.ok(
          gaps(fake.calls).every((gap) => gap < 500),
          'Retry-After: 0 -> immediate retries',
        );
      });

      it('503 without Retry-After: exponential backoff (first retry after 0.5-1 s)', async () => {
        const adapter = newAdapter();
        fake.failWhen(({ index }) => (index === 0 ? { status: 503 } : undefined));
        await createThread(adapter, serviceUrl, 'x');
        const g = gaps(fake.calls);
        console.log(`      observed: 503 without Retry-After, then success after ${g[0]} ms`);
        assert.deepEqual(
          fake.calls.map((c) => c.status),
          [503, 201],
        );
        assert.ok(g[0]! >= 480 && g[0]! < 1500, `backoff ${g[0]} ms`);
      });

      it('a retried POST creates no duplicate when the failure is injected before processing', async () => {
        // Sanity check for tests relying on retries: failed requests never allocate activity ids.
        const adapter = newAdapter();
        fake.failWhen(({ index }) => (index === 0 ? { status: 429, headers: { 'Retry-After': '0' } } : undefined));
        const { rootId } = await createThread(adapter, serviceUrl, 'x');
        assert.equal(rootId, '1700000000001');
        assert.equal(fake.posted.length, 1);
      });
    });
  });
});
