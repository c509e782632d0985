import type { Alert, SensitiveInfoMatch, SubjectUser } from '../../triage/alert.js';
import { DLP_FACTS, type Destination, type DlpFact, type PolicyOutcome } from '../../triage/dlp-facts.js';
import type { DlpAdditionalData } from './alerts-v2-dlp-schema.js';
import type { ParsedGraphAlert } from './alerts-v2-schema.js';

/**
 * The triage facts of an alerts_v2 alert: what the policy did, where the content went, the sensitive types'
 * confidence and the user's department. They come from `additionalData` (keys of our own convention,
 * unconfirmed: graph-api.md §0.2) and from documented evidence fields; what has no source at all is listed
 * in `notProvided`, so the card says so rather than leaving it out.
 */

type Extra = Partial<DlpAdditionalData>;
type Entity = Record<string, unknown>;

// Purview's rule action names, lower-cased; which of them DLP alerts carry is unconfirmed.
const OVERRIDABLE = new Set(['blockwithoverride', 'blockaccesswithoverride', 'restrictaccesswithoverride']);
const BLOCKING = new Set(['block', 'blockaccess', 'blockmessage', 'blockeveryone', 'restrictaccess']);
const WARNING = new Set(['notifyuser', 'warn', 'policytip', 'warnwithoverride']);

/**
 * The facts, and the subject's department. The subject's domain tells which recipients are inside the
 * organization (a tenant with several domains may see a sibling domain as external).
 */
export function dlpFacts(
  a: ParsedGraphAlert,
  extra: Extra,
  subject: SubjectUser | undefined,
): Pick<Alert, 'policyOutcome' | 'destination' | 'notProvided'> & { department?: string } {
  const policyOutcome = outcomeOf(extra, a.evidence ?? []);
  const destination = destinationOf(extra, a.evidence ?? [], domainOf(subject?.userPrincipalName));
  const missing: Record<DlpFact, boolean> = {
    department: !!subject && !extra.userDepartment,
    sensitiveInfoTypes: extra.sensitiveInformationTypes === undefined,
    destination: !destination,
    policyOutcome: !policyOutcome,
  };
  return {
    policyOutcome,
    destination,
    department: extra.userDepartment,
    notProvided: DLP_FACTS.filter((f) => missing[f]),
  };
}

/** Sensitive types with counts and confidence; a bare confidence level (65/75/85) is named as Purview names it. */
export function sensitiveTypesOf(extra: Extra): SensitiveInfoMatch[] {
  return (extra.sensitiveInformationTypes ?? []).map((s) => ({
    name: s.name,
    count: s.count,
    confidence: s.confidence ?? levelName(s.confidenceLevel),
  }));
}

function levelName(level: number | undefined): string | undefined {
  if (level === undefined) return undefined;
  return level >= 85 ? 'high' : level >= 75 ? 'medium' : 'low';
}

function outcomeOf(extra: Extra, evidence: readonly Entity[]): PolicyOutcome | undefined {
  const overridden = extra.userOverride === true;
  const justification = overridden ? extra.overrideJustification?.trim() || undefined : undefined;
  const outcome = (action: PolicyOutcome['action']): PolicyOutcome => ({
    action,
    overridden,
    ...(justification ? { justification } : {}),
  });
  const actions = extra.actionsTaken?.map((x) => x.toLowerCase());
  if (!actions) {
    if (overridden) return outcome('blockedWithOverride');
    // Documented evidence fields; that DLP fills them for what it blocked is unconfirmed.
    return evidence.some(isBlockedEvidence) ? outcome('blocked') : undefined;
  }
  if (actions.some((x) => OVERRIDABLE.has(x))) return outcome('blockedWithOverride');
  if (actions.some((x) => BLOCKING.has(x))) return outcome(overridden ? 'blockedWithOverride' : 'blocked');
  return outcome(actions.some((x) => WARNING.has(x)) ? 'warned' : 'auditOnly');
}

function isBlockedEvidence(e: Entity): boolean {
  const type = e['@odata.type'];
  const value = (key: string) => (typeof e[key] === 'string' ? (e[key] as string).toLowerCase() : '');
  if (type === '#microsoft.graph.security.fileEvidence')
    return value('detectionStatus') === 'blocked' || value('detectionStatus') === 'prevented';
  return type === '#microsoft.graph.security.analyzedMessageEvidence' && value('deliveryAction') === 'blocked';
}

function destinationOf(extra: Extra, evidence: readonly Entity[], org: string | undefined): Destination | undefined {
  const { recipients, external } = recipientsOf(extra, evidence);
  const domains = new Set<string>();
  for (const r of recipients) {
    const d = domainOf(r);
    if (d && (external.has(r) || (org !== undefined && !inside(d, org)))) domains.add(d);
  }
  const target = targetOf(extra);
  if (target?.kind === 'cloudService') domains.add(target.name.toLowerCase());
  const scopeText = extra.sharingScope?.toLowerCase();
  const scope =
    scopeText === 'anyone' || scopeText === 'anonymous'
      ? 'anonymous'
      : domains.size > 0
        ? 'external'
        : scopeText === 'organization' || (recipients.length > 0 && org !== undefined)
          ? 'internal'
          : undefined;
  if (recipients.length === 0 && !target && !scope) return undefined;
  return {
    recipients,
    externalDomains: [...domains],
    ...(scope ? { scope } : {}),
    ...(target ? { target } : {}),
  };
}

/** Every addressee, without repeats: shared with, message recipients, and the message evidence's. */
function recipientsOf(extra: Extra, evidence: readonly Entity[]): { recipients: string[]; external: Set<string> } {
  const all = [...(extra.sharedWith ?? []), ...(extra.recipients ?? [])];
  const external = new Set<string>();
  for (const e of evidence) {
    if (e['@odata.type'] === '#microsoft.graph.security.analyzedMessageEvidence') {
      if (typeof e.recipientEmailAddress === 'string') all.push(e.recipientEmailAddress);
    } else if (e['@odata.type'] === '#microsoft.graph.security.teamsMessageEvidence' && Array.isArray(e.recipients)) {
      const those = e.recipients.filter((r): r is string => typeof r === 'string');
      all.push(...those);
      if (e.isExternal === true) those.forEach((r) => external.add(r));
    }
  }
  const seen = new Set<string>();
  const recipients = all.filter((r) => r.trim() && !seen.has(r.toLowerCase()) && seen.add(r.toLowerCase()));
  return { recipients, external };
}

function targetOf(extra: Extra): Destination['target'] {
  if (extra.removableMedia) return { kind: 'removableMedia', name: extra.removableMedia };
  if (extra.targetDomain) return { kind: 'cloudService', name: extra.targetDomain };
  if (extra.printerName) return { kind: 'printer', name: extra.printerName };
  if (extra.networkShare) return { kind: 'networkShare', name: extra.networkShare };
  return undefined;
}

/** The domain of an address; anything else (evidence fields are read loosely) has none. */
function domainOf(address: unknown): string | undefined {
  if (typeof address !== 'string') return undefined;
  const at = address.lastIndexOf('@');
  return at >= 0 && at < address.length - 1 ? address.slice(at + 1).toLowerCase() : undefined;
}

/** The organization's own domain or one of its subdomains. */
const inside = (domain: string, org: string) => domain === org || domain.endsWith(`.${org}`);
