import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  BotFrameworkAuthentication,
  ClaimsIdentity,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ConnectorClient,
  type UserTokenClient,
} from 'botframework-connector';
import { SharedClientsAuthentication } from '../../../src/http/shared-clients-authentication.js';

const claimsOf = (appId: string) =>
  new ClaimsIdentity([{ type: AuthenticationConstants.AudienceClaim, value: appId }], true);

class FreshClients extends ConnectorFactory {
  async create(serviceUrl: string): Promise<ConnectorClient> {
    return { serviceUrl } as unknown as ConnectorClient;
  }
}

/** An authentication that validates by a fixed rule, counts what it is asked, and builds fresh clients each time. */
class CountingAuthentication extends BotFrameworkAuthentication {
  validations = 0;
  tokenClients = 0;
  failTokenClient = false;

  async authenticateRequest(_activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    this.validations++;
    if (authHeader !== 'Bearer good') throw new Error('Unauthorized');
    return {
      audience: 'aud',
      callerId: 'caller',
      claimsIdentity: claimsOf('bot-app'),
      connectorFactory: new FreshClients(),
    };
  }
  async authenticateStreamingRequest(): Promise<AuthenticateRequestResult> {
    throw new Error('not used');
  }
  createConnectorFactory(): ConnectorFactory {
    return new FreshClients();
  }
  async createUserTokenClient(claims: ClaimsIdentity): Promise<UserTokenClient> {
    this.tokenClients++;
    if (this.failTokenClient) {
      this.failTokenClient = false;
      throw new Error('no credentials');
    }
    return { appId: claims.getClaimValue(AuthenticationConstants.AudienceClaim) } as unknown as UserTokenClient;
  }
  override getOriginatingAudience(): string {
    return 'origin';
  }
}

const activity = { serviceUrl: 'https://smba.example/' } as Activity;

describe('SharedClientsAuthentication', () => {
  it('validates every request with the inner authentication, and refuses what it refuses', async () => {
    const inner = new CountingAuthentication();
    const auth = new SharedClientsAuthentication(inner);
    await auth.authenticateRequest(activity, 'Bearer good');
    await auth.authenticateRequest(activity, 'Bearer good');
    await assert.rejects(auth.authenticateRequest(activity, 'Bearer forged'), /Unauthorized/);
    assert.equal(inner.validations, 3);
  });

  it('turns share the Bot Connector client of their bot and service, inbound and proactive alike', async () => {
    const auth = new SharedClientsAuthentication(new CountingAuthentication());
    const turn = async () =>
      (await auth.authenticateRequest(activity, 'Bearer good')).connectorFactory!.create(activity.serviceUrl, 'aud');
    const first = await turn();
    assert.equal(await turn(), first);
    const proactive = await auth.createConnectorFactory(claimsOf('bot-app')).create(activity.serviceUrl, 'aud');
    assert.equal(proactive, first);
    assert.notEqual(await auth.createConnectorFactory(claimsOf('other-bot')).create(activity.serviceUrl, 'aud'), first);
  });

  it('keeps one user token client per bot app id, and none that failed', async () => {
    const inner = new CountingAuthentication();
    const auth = new SharedClientsAuthentication(inner);
    inner.failTokenClient = true;
    await assert.rejects(auth.createUserTokenClient(claimsOf('bot-app')), /no credentials/);
    const a = await auth.createUserTokenClient(claimsOf('bot-app'));
    assert.equal(await auth.createUserTokenClient(claimsOf('bot-app')), a);
    assert.notEqual(await auth.createUserTokenClient(claimsOf('other-bot')), a);
    assert.equal(inner.tokenClients, 3);
    assert.equal(auth.getOriginatingAudience(), 'origin');
  });
});
