/** The investigation and digest cards in every state, for the translation tests, with the data they show. */
import { renderDigestCard } from '../../../cards/digest-card.js';
import { renderInvestigatingCard, renderInvestigationCard } from '../../../cards/investigation-card.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { Translator } from '../../../src/i18n/translator.js';
import { summarise } from '../../../src/triage/investigation/investigation.js';
import { DAY, alertAged, scoped } from '../../support/digest-fixtures.js';
import { NOW, digestSample, view } from './digest-card-sample.js';
import { events, investigation } from './investigation-card-sample.js';

const messages = new Messages();

/** A reader of `locale` in `timeZone`. */
export const reader = (locale: string, timeZone?: string) => messages.translator({ locale, timeZone });

/** Every state of the investigation card, and the waiting card, for one reader. */
export function investigationCards(i18n: Translator): Record<string, unknown> {
  const failing = investigation({
    activity: { kind: 'unavailable', reason: 'throttled', retryAfterSeconds: 30 },
    problems: [{ part: 'userAlerts' }, { part: 'incidentAlerts', code: 'forbidden' }, { part: 'fileAlerts' }],
  });
  return {
    full: renderInvestigationCard(investigation(), i18n),
    dlpEvent: renderInvestigationCard(
      investigation({
        activity: {
          kind: 'events',
          summary: summarise(
            [...events, { ...events[0]!, actionType: 'FileUploaded', dlpEnforcement: 'warnOverridden' }],
            40,
          ),
        },
      }),
      i18n,
    ),
    notRecorded: renderInvestigationCard(investigation({ activity: { kind: 'notRecorded' } }), i18n),
    noUser: renderInvestigationCard(investigation({ activity: { kind: 'noUser' }, history: undefined }), i18n),
    noEvents: renderInvestigationCard(investigation({ activity: { kind: 'events', summary: summarise([], 0) } }), i18n),
    failing: renderInvestigationCard(failing, i18n),
    timedOut: renderInvestigationCard(investigation({ activity: { kind: 'unavailable', reason: 'timeout' } }), i18n),
    waiting: renderInvestigatingCard('dl-inv-1', '29:sam', i18n),
  };
}

/** The digest card full (a channel's, with its buttons), quiet, with nothing open, without classified policies. */
export function digestCards(i18n: Translator): Record<string, unknown> {
  const { alerts } = digestSample();
  return {
    full: renderDigestCard(view(alerts, { channelId: '19:emea@thread.tacv2' }), i18n),
    personal: renderDigestCard(view(alerts), i18n),
    quiet: renderDigestCard(view([scoped(alertAged(NOW, 3 * DAY, { severity: 'high' }))]), i18n),
    nothingOpen: renderDigestCard(view([]), i18n),
    unclassified: renderDigestCard(view(alerts.filter((s) => s.alert.status !== 'resolved')), i18n),
    noGrant: renderDigestCard(
      view([], { scope: { kind: 'none' }, scopeLabel: 'no alerts (you hold no grant that shows alerts)' }),
      i18n,
    ),
  };
}

/** Data on the investigation card, the same in every language: titles, names, files, apps, the KQL. */
const INVESTIGATION_DATA = new Set([
  'Priya \\[Finance\\] · SharePoint',
  'AnonymousLinkCreated ×1, FileDownloaded ×1',
  'FileUploaded ×1, AnonymousLinkCreated ×1, FileDownloaded ×1',
  'Microsoft OneDrive for Business ×2',
  'Microsoft OneDrive for Business ×3',
  'BR, DE',
  '198\\.51.100.7',
]);
export const investigationData = (t: string) => INVESTIGATION_DATA.has(t) || t.includes('CloudAppEvents');

/** Data on the digest: policy, unit and assignee names. */
const DIGEST_DATA = new Set([
  'Policy A',
  'GDPR',
  '\\*Bold\\* \\[PCI\\](x)',
  '*Bold* [PCI](x)',
  'Emma Analyst',
  'sam@contoso.example',
]);
const DIGEST_UNITS = ['EMEA', 'APAC', 'Americas'];
export const digestData = (t: string) => DIGEST_DATA.has(t) || DIGEST_UNITS.includes(t);
