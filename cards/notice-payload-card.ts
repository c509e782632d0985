import type { Translator } from '../src/i18n/translator.js';
import type { NoticePayload } from '../src/triage/ports.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { renderDigestCard } from './digest-card.js';

/** The payloads a card can be drawn from without reading anything (an alert's cards need the alert). */
export type CardPayload = Exclude<NoticePayload, { kind: 'alertCard' | 'alertSummary' }>;

/**
 * The Adaptive Card a notice's payload is shown as, for a reader (their language and zone: the
 * recipient's last known, English and UTC for a channel); the sender calls it when the message goes out.
 */
export function renderNoticePayload(payload: CardPayload, i18n: Translator): AdaptiveCard {
  switch (payload.kind) {
    case 'digest':
      return renderDigestCard(payload.view, i18n);
  }
}
