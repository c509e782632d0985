import {
  AuthenticationConstants,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
} from 'botframework-connector';

/** The bot app id botbuilder makes a turn's clients for: the token's audience (or app id) claim; '' without. */
export function appIdOf(claims: ClaimsIdentity | undefined): string {
  return (
    claims?.getClaimValue(AuthenticationConstants.AudienceClaim) ??
    claims?.getClaimValue(AuthenticationConstants.AppIdClaim) ??
    ''
  );
}

/**
 * Bot Connector clients shared by turns, one per (bot app id, service URL, audience). botbuilder builds a
 * new client (its credentials and HTTP pipeline) for every incoming activity, though one only sends as
 * this bot to that service: the same client, with the same credentials, serves every turn that needs it
 * (as botbuilder's older BotFrameworkAdapter kept them). The app id comes from the validated token's
 * claims; every other input of the client is the adapter's own configuration. At most `max` clients (least
 * recently used out): in local mode, without tokens, service URLs are whatever a caller sends.
 */
export class ConnectorClientCache {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(private readonly max = 100) {}

  /** `auth` with a connector factory that hands out the shared clients (and makes them with its own). */
  reusing(auth: AuthenticateRequestResult): AuthenticateRequestResult {
    const made = auth.connectorFactory;
    return made ? { ...auth, connectorFactory: this.factory(made, auth.claimsIdentity) } : auth;
  }

  /** A factory handing out the shared clients for the bot `claims` name, made with `made` when missing. */
  factory(made: ConnectorFactory, claims: ClaimsIdentity | undefined): ConnectorFactory {
    const appId = appIdOf(claims);
    return new SharedClients((serviceUrl, audience) => this.client(made, appId, serviceUrl, audience));
  }

  /** How many clients it holds. */
  get size(): number {
    return this.clients.size;
  }

  private client(made: ConnectorFactory, appId: string, serviceUrl: string, audience: string | undefined) {
    const key = JSON.stringify([appId, serviceUrl, audience ?? null]);
    const hit = this.clients.get(key);
    if (hit) {
      this.clients.delete(key); // most recently used last
      this.clients.set(key, hit);
      return hit;
    }
    const client = made.create(serviceUrl, audience);
    // A client that could not be made is not kept: the next turn tries again.
    client.catch(() => this.clients.get(key) === client && this.clients.delete(key));
    this.clients.set(key, client);
    if (this.clients.size > this.max) this.clients.delete(this.clients.keys().next().value!);
    return client;
  }
}

class SharedClients extends ConnectorFactory {
  constructor(private readonly shared: (serviceUrl: string, audience?: string) => Promise<ConnectorClient>) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    return this.shared(serviceUrl, audience);
  }
}
