/** Reading what the bot sent to the fake Teams connector (test/support/fake-teams-connector.ts). */
import type { RecordedCall } from './fake-teams-connector.js';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

/** The Adaptive Card a connector call carries: a new thread's root, a reply or an update. */
export const cardOf = (call: RecordedCall): any =>
  call.body?.activity?.attachments?.[0]?.content ?? call.body?.attachments?.[0]?.content;

/** Every Adaptive Card a connector call carries. */
export function cardsOf(call: RecordedCall): unknown[] {
  const attachments = [...(call.body?.activity?.attachments ?? []), ...(call.body?.attachments ?? [])];
  return attachments
    .filter((a: { contentType?: string }) => a?.contentType === ADAPTIVE_CARD)
    .map((a: { content: unknown }) => a.content);
}

/** The first alert id anywhere in a value (a card, an activity): what its buttons act on. */
export const alertIdIn = (value: unknown): string | undefined =>
  JSON.stringify(value ?? null).match(/"alertId":"([^"]+)"/)?.[1];
