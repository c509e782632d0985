import type { EvidenceItem, EvidenceKind } from '../../triage/alert.js';

/**
 * Every evidence entity of an `alerts_v2` alert as the domain's EvidenceItem. Read defensively: the
 * schema keeps evidence of any type, so a field of an unexpected type is treated as absent.
 */

const PREFIX = '#microsoft.graph.security.';

/** Graph's evidence types (without the namespace) and the kind each is shown as. */
const KINDS = new Map<string, Exclude<EvidenceKind, 'other'>>([
  ['userEvidence', 'user'],
  ['fileEvidence', 'file'],
  ['mailboxEvidence', 'mailbox'],
  ['analyzedMessageEvidence', 'message'],
  ['teamsMessageEvidence', 'teamsMessage'],
  ['deviceEvidence', 'device'],
  ['urlEvidence', 'url'],
  ['ipEvidence', 'ip'],
  ['cloudApplicationEvidence', 'cloudApp'],
]);

type Entity = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value : undefined);
const objectAt = (e: Entity, key: string): Entity => {
  const value = e[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Entity) : {};
};

/** How each kind is called: the first of its display fields that is there. */
const NAMES: Record<Exclude<EvidenceKind, 'other'>, (e: Entity) => string | undefined> = {
  user: (e) => {
    const account = objectAt(e, 'userAccount');
    return text(account.userPrincipalName) ?? text(account.displayName) ?? text(account.accountName);
  },
  file: (e) => text(objectAt(e, 'fileDetails').fileName),
  mailbox: (e) => text(e.primaryAddress) ?? text(e.upn) ?? text(e.displayName),
  message: (e) => text(e.subject) ?? text(e.networkMessageId),
  teamsMessage: (e) => text(e.subject) ?? text(e.messageId),
  device: (e) => text(e.deviceDnsName) ?? text(e.hostName) ?? text(e.mdeDeviceId),
  url: (e) => text(e.url),
  ip: (e) => text(e.ipAddress),
  cloudApp: (e) => text(e.displayName) ?? text(e.instanceName),
};

/** The alert's evidence, in Graph's order; an unknown type is `other`, named by its type. */
export function evidenceItems(evidence: readonly Entity[]): EvidenceItem[] {
  return evidence.map((e) => {
    const odataType = text(e['@odata.type']) ?? 'unknown';
    const type = odataType.startsWith(PREFIX) ? odataType.slice(PREFIX.length) : odataType;
    const kind = KINDS.get(type);
    const roles = Array.isArray(e.roles) ? e.roles.filter((r): r is string => typeof r === 'string') : [];
    return {
      kind: kind ?? 'other',
      name: (kind && NAMES[kind](e)) ?? type,
      roles,
      verdict: text(e.verdict),
      remediationStatus: text(e.remediationStatus),
    };
  });
}
