import type { Alert } from '../src/triage/alert.js';
import {
  NOT_PROVIDED_BY_GRAPH,
  POLICY_ACTION_LABEL,
  SHARING_SCOPE_LABEL,
  TARGET_KIND_LABEL,
} from '../src/triage/alert-labels.js';
import type { DlpFact, PolicyOutcome } from '../src/triage/dlp-facts.js';
import { md, oneLine } from './card-text.js';

/** One labelled line of the alert card ("Status: New"); both parts are escaped markdown. */
export interface CardFact {
  title: string;
  value: string;
}

type MaybeFact = CardFact | false | undefined;

const MAX_SENSITIVE_TYPES = 8;
const MAX_RECIPIENTS = 5;
const OVERRIDDEN = 'overridden by the user';

/** "Not provided by Graph" under `title` when the backend said it has no source for `fact`. */
function notProvided(alert: Alert, fact: DlpFact, title: string): MaybeFact {
  return !!alert.notProvided?.includes(fact) && { title, value: NOT_PROVIDED_BY_GRAPH };
}

/**
 * What the policy did. The user's justification (their own words) shows only with `withJustification`:
 * the channel summary says that the user overrode the policy, not why.
 */
export function policyActionFact(alert: Alert, withJustification: boolean): MaybeFact {
  const outcome = alert.policyOutcome;
  if (!outcome) return notProvided(alert, 'policyOutcome', 'Policy action');
  return { title: 'Policy action', value: policyActionText(outcome, withJustification) };
}

function policyActionText(o: PolicyOutcome, withJustification: boolean): string {
  const label = POLICY_ACTION_LABEL[o.action];
  if (!o.overridden) return o.action === 'blockedWithOverride' ? `${label} · not overridden` : label;
  if (!withJustification) return `${label} · ${OVERRIDDEN}`;
  const why = o.justification ? `: “${md(oneLine(o.justification, 500))}”` : ' (no justification given)';
  return `${label} · ${OVERRIDDEN}${why}`;
}

/** Who: the user by name (and principal name) and their department; the full view only. */
export function whoFacts(alert: Alert): MaybeFact[] {
  const user = alert.subject;
  const name = user?.displayName || user?.userPrincipalName || user?.id;
  if (!name) return [];
  const upn = user?.userPrincipalName;
  return [
    { title: 'User', value: md(oneLine(upn && name !== upn ? `${name} (${upn})` : name, 160)) },
    user?.department
      ? { title: 'Department', value: md(oneLine(user.department, 100)) }
      : notProvided(alert, 'department', 'Department'),
  ];
}

/** What data: sensitive information types with counts and confidence ("Credit Card Number ×27 (high confidence)"). */
export function sensitiveInfoFact(alert: Alert): MaybeFact {
  const types = alert.sensitiveInfoTypes;
  if (types.length === 0) return notProvided(alert, 'sensitiveInfoTypes', 'Sensitive info');
  const shown = types.slice(0, MAX_SENSITIVE_TYPES).map((t) => {
    const confidence = t.confidence ? ` (${oneLine(t.confidence, 20)} confidence)` : '';
    return `${oneLine(t.name, 60)} ×${t.count}${confidence}`;
  });
  const rest = types.length - shown.length;
  return { title: 'Sensitive info', value: md(shown.join(', ') + (rest > 0 ? `, +${rest} more` : '')) };
}

/** Where it went: the recipients or the device target, and the sharing scope with the external domains. */
export function destinationFacts(alert: Alert): MaybeFact[] {
  const d = alert.destination;
  if (!d) return [notProvided(alert, 'destination', 'Went to')];
  const people = d.recipients.slice(0, MAX_RECIPIENTS).map((r) => oneLine(r, 100));
  const more = d.recipients.length - people.length;
  const went = d.target
    ? `${oneLine(d.target.name, 120)} (${TARGET_KIND_LABEL[d.target.kind]})`
    : people.join(', ') + (more > 0 ? `, +${more} more` : '');
  const domains = d.externalDomains.slice(0, MAX_RECIPIENTS).map((x) => oneLine(x, 80));
  const scope =
    d.scope === 'external' && domains.length
      ? `${SHARING_SCOPE_LABEL.external} · ${domains.join(', ')}${d.externalDomains.length > domains.length ? ', …' : ''}`
      : d.scope && SHARING_SCOPE_LABEL[d.scope];
  return [!!went && { title: 'Went to', value: md(went) }, !!scope && { title: 'Sharing', value: md(scope) }];
}
