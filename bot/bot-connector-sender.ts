import { ActivityTypes, CardFactory, type Activity, type Entity } from 'botbuilder';
import {
  AuthenticationConstants,
  ClaimsIdentity,
  type BotFrameworkAuthentication,
  type ConnectorClient,
} from 'botframework-connector';
import type { Logger } from '../src/logger.js';
import { parseRetryAfter } from '../src/delivery/retry-policy.js';
import { mentionMarkup } from '../src/triage/teams-markup.js';
import {
  DeliveryError,
  type ChannelAddress,
  type ConversationAddress,
  type OutboundMessage,
  type TeamsSender,
} from '../src/delivery/teams-sender.js';

/**
 * The TeamsSender over the Bot Connector REST API, using botbuilder's ConnectorClient for auth.
 *
 * The client's own retry policy is removed: it would retry 429/5xx inside one call, invisibly to the
 * outbox's rate limiter, and so could exceed Teams' per-conversation limits. The outbox retries instead.
 */
export class BotConnectorSender implements TeamsSender {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();

  constructor(
    private readonly auth: BotFrameworkAuthentication,
    /** The bot's app id; in local mode (auth off) any non-empty id. */
    private readonly botAppId: string,
    private readonly log: Logger,
  ) {}

  async startThread(channel: ChannelAddress, message: OutboundMessage) {
    const client = await this.client(channel.serviceUrl);
    const response = await this.call('createConversation', channel.channelId, () =>
      client.conversations.createConversation({
        isGroup: true,
        bot: { id: this.botAppId, name: 'DLP Triage' },
        tenantId: channel.tenantId,
        channelData: { channel: { id: channel.channelId }, tenant: { id: channel.tenantId } },
        activity: toActivity(message) as Activity,
        members: [],
      }),
    );
    // Teams answers with the thread's conversation id `<channel>;messageid=<root>`; activityId may be
    // missing on some responses (Teams-samples #1561, unconfirmed), so fall back to the id's suffix.
    const conversationId = response.id;
    const activityId = response.activityId || /;messageid=(\d+)/.exec(conversationId ?? '')?.[1];
    if (!conversationId || !activityId) throw new DeliveryError('Teams did not return the new thread id', 502);
    return { conversationId, activityId };
  }

  async send(conversation: ConversationAddress, message: OutboundMessage) {
    const client = await this.client(conversation.serviceUrl);
    const activity = { ...toActivity(message), conversation: { id: conversation.conversationId } } as Activity;
    const response = await this.call('sendToConversation', conversation.conversationId, () =>
      client.conversations.sendToConversation(conversation.conversationId, activity),
    );
    return { activityId: response.id ?? '' };
  }

  async update(conversation: ConversationAddress, activityId: string, message: OutboundMessage) {
    const client = await this.client(conversation.serviceUrl);
    const activity = {
      ...toActivity(message),
      id: activityId,
      conversation: { id: conversation.conversationId },
    } as Activity;
    await this.call('updateActivity', conversation.conversationId, () =>
      client.conversations.updateActivity(conversation.conversationId, activityId, activity),
    );
  }

  /** Every member of a team or chat (paged API; `getConversationMembers` is throttled and deprecated). */
  async members(
    serviceUrl: string,
    conversationId: string,
  ): Promise<{ id?: string; aadObjectId?: string; name?: string; userPrincipalName?: string }[]> {
    const client = await this.client(serviceUrl);
    const members: { id?: string; aadObjectId?: string; name?: string; userPrincipalName?: string }[] = [];
    let continuationToken: string | undefined;
    do {
      const page = await this.call('getConversationPagedMembers', conversationId, () =>
        // The SDK types continuationToken as required; the first page has none.
        client.conversations.getConversationPagedMembers(conversationId, {
          pageSize: 500,
          continuationToken: continuationToken as string,
        }),
      );
      members.push(
        ...(page.members ?? []).map((m) => ({
          id: m.id,
          aadObjectId: m.aadObjectId,
          name: m.name,
          userPrincipalName: (m as { userPrincipalName?: string }).userPrincipalName,
        })),
      );
      continuationToken = page.continuationToken || undefined;
    } while (continuationToken);
    return members;
  }

  private client(serviceUrl: string): Promise<ConnectorClient> {
    let client = this.clients.get(serviceUrl);
    if (!client) {
      const identity = new ClaimsIdentity(
        [
          { type: AuthenticationConstants.AudienceClaim, value: this.botAppId },
          { type: AuthenticationConstants.AppIdClaim, value: this.botAppId },
        ],
        true,
      );
      client = this.auth
        .createConnectorFactory(identity)
        .create(serviceUrl)
        .then((c) => withoutRetries(c));
      client.catch(() => this.clients.delete(serviceUrl));
      this.clients.set(serviceUrl, client);
    }
    return client;
  }

  private async call<T>(operation: string, conversationId: string, fn: () => Promise<T>): Promise<T> {
    const started = Date.now();
    try {
      const result = await fn();
      this.log.debug({ operation, conversationId, ms: Date.now() - started }, 'teams call');
      return result;
    } catch (e) {
      const err = e as {
        statusCode?: number;
        response?: { headers?: { get?(n: string): string | undefined } };
        message?: string;
        code?: string;
      };
      const status = err.statusCode;
      const retryAfter = parseRetryAfter(err.response?.headers?.get?.('retry-after'), Date.now());
      this.log.debug(
        { operation, conversationId, status, code: err.code, ms: Date.now() - started },
        'teams call failed',
      );
      throw new DeliveryError(`${operation} failed: ${err.message ?? 'unknown error'}`, status, retryAfter);
    }
  }
}

function toActivity(message: OutboundMessage): Partial<Activity> {
  const entities: Entity[] = (message.mentions ?? []).map((m) => ({
    type: 'mention',
    text: mentionMarkup(m.name),
    mentioned: { id: m.id, name: m.name },
  }));
  return {
    type: ActivityTypes.Message,
    text: message.text,
    textFormat: 'markdown',
    attachments: message.card ? [CardFactory.adaptiveCard(message.card)] : undefined,
    entities: entities.length ? entities : undefined,
  };
}

/** Removes the Azure pipeline's retry phase from a ConnectorClient (see the class comment). */
function withoutRetries(client: ConnectorClient): ConnectorClient {
  // ServiceClientContext keeps the @azure/core-client ServiceClient in a private field named `client`.
  const inner = (client as unknown as { client?: { pipeline?: { removePolicy(o: { phase: string }): unknown } } })
    .client;
  if (!inner?.pipeline) throw new Error('botbuilder ConnectorClient layout changed: cannot disable its retry policy');
  inner.pipeline.removePolicy({ phase: 'Retry' });
  return client;
}
