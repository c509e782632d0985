import { strict as assert } from 'node:assert';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ConnectorClient,
} from 'botframework-connector';
import { ConnectorClientCache } from '../../../src/http/connector-client-cache.js';

/** A factory that makes a distinct stand-in client per call and records what it was asked for. */
class CountingFactory extends ConnectorFactory {
  readonly made: string[] = [];
  failNext = false;

  async create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    this.made.push(`${serviceUrl} ${audience}`);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('credentials unavailable');
    }
    return { serviceUrl, audience } as unknown as ConnectorClient;
  }
}

const authFor = (factory: ConnectorFactory, appId?: string): AuthenticateRequestResult => ({
  audience: 'https://api.botframework.com',
  callerId: 'urn:botframework:azure',
  claimsIdentity: new ClaimsIdentity(
    appId ? [{ type: AuthenticationConstants.AudienceClaim, value: appId }] : [],
    true,
  ),
  connectorFactory: factory,
});

const TEAMS = 'https://smba.trafficmanager.net/emea/';

describe('ConnectorClientCache', () => {
  it('turns of the same bot to the same service share one client, made once', async () => {
    const cache = new ConnectorClientCache();
    const factories = [new CountingFactory(), new CountingFactory(), new CountingFactory()];
    const clients = await Promise.all(
      factories.map((f) => cache.reusing(authFor(f, 'bot-app')).connectorFactory!.create(TEAMS, 'aud')),
    );
    assert.equal(clients[0], clients[1]);
    assert.equal(clients[1], clients[2]);
    assert.deepEqual(
      factories.map((f) => f.made.length),
      [1, 0, 0],
    );
  });

  it('another service URL, audience or bot app id gets its own client', async () => {
    const cache = new ConnectorClientCache();
    const factory = new CountingFactory();
    const get = (appId: string | undefined, url: string, audience?: string) =>
      cache.reusing(authFor(factory, appId)).connectorFactory!.create(url, audience);
    const base = await get('bot-app', TEAMS, 'aud');
    assert.notEqual(await get('bot-app', 'https://smba.trafficmanager.net/amer/', 'aud'), base);
    assert.notEqual(await get('bot-app', TEAMS, 'other-aud'), base);
    assert.notEqual(await get('bot-app', TEAMS), base);
    assert.notEqual(await get('another-bot', TEAMS, 'aud'), base);
    assert.notEqual(await get(undefined, TEAMS, 'aud'), base, 'no claims (local mode) is another key');
    assert.equal(await get('bot-app', TEAMS, 'aud'), base);
    assert.equal(factory.made.length, 6);
  });

  it('a client that could not be made is not kept: the next turn makes one', async () => {
    const cache = new ConnectorClientCache();
    const factory = new CountingFactory();
    factory.failNext = true;
    const create = () => cache.reusing(authFor(factory, 'bot-app')).connectorFactory!.create(TEAMS, 'aud');
    await assert.rejects(create(), /credentials unavailable/);
    const client = await create();
    assert.ok(client);
    assert.equal(await create(), client);
    assert.equal(factory.made.length, 2);
    assert.equal(cache.size, 1);
  });

  it('holds at most its limit of clients, the least recently used going first', async () => {
    const cache = new ConnectorClientCache(2);
    const factory = new CountingFactory();
    const get = (url: string) => cache.reusing(authFor(factory, 'bot-app')).connectorFactory!.create(url, 'aud');
    const a = await get('https://a.example/');
    await get('https://b.example/');
    assert.equal(await get('https://a.example/'), a, 'a used again: b is now the oldest');
    await get('https://c.example/');
    assert.equal(cache.size, 2);
    assert.equal(await get('https://a.example/'), a);
    assert.equal(factory.made.length, 3);
    await get('https://b.example/');
    assert.equal(factory.made.length, 4, 'b was dropped and is made again');
  });

  it('leaves an authentication result without a factory as it is', () => {
    const cache = new ConnectorClientCache();
    const auth = { ...authFor(new CountingFactory()), connectorFactory: undefined };
    assert.equal(cache.reusing(auth as unknown as AuthenticateRequestResult), auth);
  });
});
