import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
import type { DlpFact, PolicyOutcome } from '../src/triage/dlp-facts.js';
import { wordOf } from './alert-words.js';
import { md, oneLine } from './card-text.js';

/** One labelled line of the alert card ("Status: New"); both parts are escaped markdown. */
export interface CardFact {
  title: string;
  value: string;
}

type MaybeFact = CardFact | false | undefined;

const MAX_SENSITIVE_TYPES = 8;
const MAX_RECIPIENTS = 5;

/** "Not provided by Graph" under `title` when the backend said it has no source for `fact`. */
function notProvided(alert: Alert, fact: DlpFact, title: string, i18n: Translator): MaybeFact {
  return !!alert.notProvided?.includes(fact) && { title, value: i18n.t('alertCard.notProvidedByGraph') };
}

/** "a, b, c, +2 more" in the reader's language. */
function withMore(items: string[], more: number, i18n: Translator): string {
  const list = items.join(', ');
  return more > 0 ? i18n.t('alertCard.andMore', { list, count: more }) : list;
}

/**
 * What the policy did. The user's justification (their own words) shows only with `withJustification`:
 * the channel summary says that the user overrode the policy, not why.
 */
export function policyActionFact(alert: Alert, withJustification: boolean, i18n: Translator): MaybeFact {
  const title = i18n.t('alertCard.fact.policyAction');
  const outcome = alert.policyOutcome;
  if (!outcome) return notProvided(alert, 'policyOutcome', title, i18n);
  return { title, value: policyActionText(outcome, withJustification, i18n) };
}

function policyActionText(o: PolicyOutcome, withJustification: boolean, i18n: Translator): string {
  const action = wordOf(i18n, 'alertCard.policyAction.', o.action) ?? oneLine(String(o.action), 40);
  if (!o.overridden) {
    return o.action === 'blockedWithOverride' ? i18n.t('alertCard.policyAction.notOverridden', { action }) : action;
  }
  if (!withJustification) return i18n.t('alertCard.policyAction.overridden', { action });
  if (!o.justification) return i18n.t('alertCard.policyAction.unjustified', { action });
  const justification = md(oneLine(o.justification, 500));
  return i18n.t('alertCard.policyAction.justified', { action, justification });
}

/** Who: the user by name (and principal name) and their department; the full view only. */
export function whoFacts(alert: Alert, i18n: Translator): MaybeFact[] {
  const user = alert.subject;
  const name = user?.displayName || user?.userPrincipalName || user?.id;
  if (!name) return [];
  const upn = user?.userPrincipalName;
  const department = i18n.t('alertCard.fact.department');
  return [
    { title: i18n.t('alertCard.fact.user'), value: md(oneLine(upn && name !== upn ? `${name} (${upn})` : name, 160)) },
    user?.department
      ? { title: department, value: md(oneLine(user.department, 100)) }
      : notProvided(alert, 'department', department, i18n),
  ];
}

/** What data: sensitive information types with counts and confidence ("Credit Card Number ×27 (high confidence)"). */
export function sensitiveInfoFact(alert: Alert, i18n: Translator): MaybeFact {
  const title = i18n.t('alertCard.fact.sensitiveInfo');
  const types = alert.sensitiveInfoTypes;
  if (types.length === 0) return notProvided(alert, 'sensitiveInfoTypes', title, i18n);
  const shown = types.slice(0, MAX_SENSITIVE_TYPES).map((t) => {
    if (!t.confidence) return `${oneLine(t.name, 60)} ×${t.count}`;
    // Purview's levels are words to translate; anything else is the backend's own and shown as it is.
    const confidence = wordOf(i18n, 'alertCard.confidence.', t.confidence) ?? oneLine(t.confidence, 20);
    return i18n.t('alertCard.sensitiveType', { name: oneLine(t.name, 60), count: t.count, confidence });
  });
  return { title, value: md(withMore(shown, types.length - shown.length, i18n)) };
}

/** Where it went: the recipients or the device target, and the sharing scope with the external domains. */
export function destinationFacts(alert: Alert, i18n: Translator): MaybeFact[] {
  const d = alert.destination;
  if (!d) return [notProvided(alert, 'destination', i18n.t('alertCard.fact.wentTo'), i18n)];
  const people = d.recipients.slice(0, MAX_RECIPIENTS).map((r) => oneLine(r, 100));
  const went = d.target
    ? `${oneLine(d.target.name, 120)} (${wordOf(i18n, 'alertCard.target.', d.target.kind) ?? oneLine(String(d.target.kind), 40)})`
    : withMore(people, d.recipients.length - people.length, i18n);
  const domains = d.externalDomains.slice(0, MAX_RECIPIENTS).map((x) => oneLine(x, 80));
  const scope =
    d.scope === 'external' && domains.length
      ? `${i18n.t('alertCard.scope.external')} · ${domains.join(', ')}${d.externalDomains.length > domains.length ? ', …' : ''}`
      : d.scope && wordOf(i18n, 'alertCard.scope.', d.scope);
  return [
    !!went && { title: i18n.t('alertCard.fact.wentTo'), value: md(went) },
    !!scope && { title: i18n.t('alertCard.fact.sharing'), value: md(scope) },
  ];
}
