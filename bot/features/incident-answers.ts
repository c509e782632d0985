import { renderIncidentCard } from '../../cards/incident-card.js';
import type { IncidentActionVerb } from '../../cards/incident-card-actions.js';
import { classificationWord, determinationWord, inSentence } from '../../cards/alert-words.js';
import { incidentStatusWord } from '../../cards/incident-words.js';
import type { MessageValues } from '../../src/i18n/messages.js';
import type { Translator } from '../../src/i18n/translator.js';
import type { IncidentView } from '../../src/triage/incidents/incident-access.js';
import type { IncidentResult } from '../../src/triage/incidents/incident-service.js';
import type { Requester } from '../../src/triage/access/access-service.js';
import type { Directory } from '../../src/triage/ports.js';
import type { Alert } from '../../src/triage/alert.js';
import { isFromSources } from '../../src/triage/alert-sources.js';
import { displayNames } from '../../src/triage/display-names.js';
import { cardAnswer, type Answer } from '../registry/answer.js';

/** Which incident verbs each permission (held on every alert of the incident) unlocks. */
const VERBS_OF: Readonly<Record<string, readonly IncidentActionVerb[]>> = {
  'alert.assign': ['incident.assign'],
  'alert.setStatus': ['incident.setStatus'],
  'alert.classify': ['incident.classify', 'incident.tag'],
  'alert.comment': ['incident.comment'],
};

/** Shows an incident to one reader (the use case decides what they may see). */
export interface IncidentShower {
  show(requester: Requester, incidentId: string): Promise<IncidentView>;
}

/** Where the incident card reads what it shows: the use case, and the (cached) directory for people's names. */
export interface IncidentCardSource {
  incidents: IncidentShower;
  people?: Pick<Directory, 'getUser'>;
  /** ALERT_SOURCES: an alert of another product has no card here, so the incident card offers no Open for it. */
  sources?: ReadonlySet<string>;
}

/** The reader's incident card, with an optional one-line notice. */
export async function incidentCardAnswer(
  { incidents, people, sources }: IncidentCardSource,
  requester: Requester,
  incidentId: string,
  i18n: Translator,
  notice?: { text: string; tone: 'info' | 'warning' },
  fromAlertId?: string,
): Promise<Answer> {
  const view = await incidents.show(requester, incidentId);
  const allowed = new Set([...view.mayChange].flatMap((p) => (Object.hasOwn(VERBS_OF, p) ? VERBS_OF[p]! : [])));
  const { incident, alerts } = view;
  const names = people
    ? await displayNames(people, [incident.assignedTo, ...alerts.map((a) => a.assignedTo)])
    : undefined;
  const openable = sources && ((a: Alert) => isFromSources(a, sources));
  return cardAnswer(renderIncidentCard({ incident, alerts, allowed, i18n, notice, fromAlertId, names, openable }));
}

/** What an incident action did, in the reader's language (plain text: the card escapes it). */
export function incidentOutcomeText(result: IncidentResult, i18n: Translator): string {
  const { key, data = {} } = result.said;
  if (i18n.language === 'en' || !i18n.has(key)) return result.message;
  const values: Record<string, string> = { ...data };
  if (data.status !== undefined) values.status = inSentence(incidentStatusWord(i18n, data.status), i18n);
  if (data.classification !== undefined)
    values.classification = inSentence(classificationWord(i18n, data.classification), i18n);
  if (data.determination !== undefined)
    values.determination = inSentence(determinationWord(i18n, data.determination) ?? data.determination, i18n);
  return i18n.t(key, values as MessageValues);
}
