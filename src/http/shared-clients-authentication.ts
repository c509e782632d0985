import type { Activity } from 'botbuilder';
import {
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { ConnectorClientCache, appIdOf } from './connector-client-cache.js';

/** Bot app ids a token client is kept for (the bot's own; a few more at most in local mode). */
const MAX_TOKEN_CLIENTS = 10;

/**
 * The adapter's Bot Framework authentication, with the clients botbuilder builds for every turn shared
 * between turns: the Bot Connector client (ConnectorClientCache) and the user token client, which this bot
 * (no sign-in) never calls but botbuilder makes, credentials and HTTP pipeline included, for each activity.
 * Both depend only on the bot app id of the turn's validated claims and on this authentication's own
 * configuration. Validation itself is the inner authentication's, unchanged, on every request.
 */
export class SharedClientsAuthentication extends BotFrameworkAuthentication {
  private readonly connectors = new ConnectorClientCache();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  constructor(private readonly inner: BotFrameworkAuthentication) {
    super();
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    return this.connectors.reusing(await this.inner.authenticateRequest(activity, authHeader));
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return this.connectors.reusing(await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader));
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.connectors.factory(this.inner.createConnectorFactory(claimsIdentity), claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    const appId = appIdOf(claimsIdentity);
    const hit = this.tokenClients.get(appId);
    if (hit) return hit;
    const client = this.inner.createUserTokenClient(claimsIdentity);
    client.catch(() => this.tokenClients.get(appId) === client && this.tokenClients.delete(appId));
    if (this.tokenClients.size >= MAX_TOKEN_CLIENTS) this.tokenClients.clear();
    this.tokenClients.set(appId, client);
    return client;
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }
}
