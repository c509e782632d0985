import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
import type { SlaHours } from '../src/triage/digest/digest-rules.js';
import type { IncidentContext } from '../src/triage/incidents/incident-context.js';
import type { Directory } from '../src/triage/ports.js';
import type { SharedViews } from './shared-views.js';

/** Per-request extras of a user's view. */
export interface ViewOptions {
  /** Who reads it: the clicking user (their turn's translator), or a 1:1 message's recipient. */
  i18n: Translator;
  notice?: { text: string; tone: 'info' | 'warning' | 'error' };
  /** The team the card is in (to offer its members as assignees). */
  teamId?: string;
}

/** A working share link as the card shows it. */
export interface ShareLinkView {
  url: string;
  expiresAt: string;
}

/** What every view needs besides access: who people are (assignees by name), and the SLA hours. */
export interface ViewExtras {
  /** The directory (cached): names the assignee and tells whether it is the viewer. */
  people?: Pick<Directory, 'getUser'>;
  /** SLA_HOURS_* for the SLA badge; none without. */
  sla?: SlaHours;
  /** How channel cards read: English and UTC, as every channel post (read by many); built when not given. */
  channelReader?: Translator;
  /** Refresh answers shared by readers who get the same card; none: every refresh is rendered. */
  shared?: SharedViews;
  /** The incident section of every view (IncidentContexts); none without. */
  incidents?: { of(alert: Alert): Promise<IncidentContext | undefined> };
}
