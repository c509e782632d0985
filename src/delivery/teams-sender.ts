/**
 * The outbound Teams port used by delivery. bot/ implements it over the Bot Connector; tests use a
 * loopback fake connector behind the real implementation.
 */

/** Where to start a new thread: a channel of a team the bot is installed in. */
export interface ChannelAddress {
  tenantId: string;
  serviceUrl: string;
  channelId: string;
}

/** An existing conversation: a channel thread (`<channel>;messageid=<root>`) or a chat. */
export interface ConversationAddress {
  tenantId: string;
  serviceUrl: string;
  conversationId: string;
}

export interface Mention {
  /** Entra object id or Teams user id of the person mentioned. */
  id: string;
  name: string;
}

/** What one Teams message carries: text (may contain `<at>Name</at>` for each mention) and/or a card. */
export interface OutboundMessage {
  text?: string;
  card?: Record<string, unknown>;
  mentions?: Mention[];
}

export interface TeamsSender {
  /** Posts a new thread in the channel; returns the thread's conversation id and the root activity id. */
  startThread(
    channel: ChannelAddress,
    message: OutboundMessage,
  ): Promise<{ conversationId: string; activityId: string }>;
  /** Sends a message into an existing conversation (a reply when it is a thread). */
  send(conversation: ConversationAddress, message: OutboundMessage): Promise<{ activityId: string }>;
  /** Replaces an existing message in place. */
  update(conversation: ConversationAddress, activityId: string, message: OutboundMessage): Promise<void>;
}

/** A failed Teams call, as delivery needs to see it: the HTTP status (none for network errors) and Retry-After. */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
