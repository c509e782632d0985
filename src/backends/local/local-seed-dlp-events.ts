import { graphTime, hashInt } from './local-seed-hash.js';
import { objectOf, officeAddress, type ActivityActor, type SeededAlert } from './local-seed-activity.js';
import type { LocalDataSecurityEventRow } from './local-tenant-schema.js';

/** The parts of a seeded DLP alert its DLP event is derived from, beyond what the activity reads. */
interface DlpAlert extends SeededAlert {
  additionalData: SeededAlert['additionalData'] & {
    dlpPolicyName: string;
    dlpPolicyId: string;
    dlpRuleName: string;
    dlpRuleId: string;
    actionsTaken: string[];
    userOverride: boolean;
    sensitiveInformationTypes: { id: string; count: number; confidenceLevel: number }[];
    siteUrl?: string;
    targetDomain?: string;
  };
}

/**
 * DlpPolicyEnforcementMode from what the alert says DLP did: the user overrode a warning (3, warn and bypass), the
 * policy blocked or restricted (4), or it only audited and notified (1).
 */
function enforcementMode(alert: DlpAlert): number {
  const d = alert.additionalData;
  if (d.userOverride) return 3;
  return d.actionsTaken.some((a) => a.startsWith('Block') || a === 'RestrictAccess') ? 4 : 1;
}

const domainOf = (address: string | undefined) => address?.split('@')[1] ?? address ?? null;

/**
 * The DataSecurityEvents row of a seeded DLP alert: the same activity as the alert's DLP match, seconds after it,
 * with the alert's policy and rule, the info types' ids and counts (never what matched) and how DLP enforced the
 * policy. Same alert ⇒ same row; none after `nowMs`.
 */
export function dlpEventsAround(raw: Record<string, unknown>, actor: ActivityActor, nowMs: number) {
  const alert = raw as unknown as DlpAlert;
  const d = alert.additionalData;
  const [name, type] = objectOf(alert);
  const ms = Date.parse(alert.firstActivityDateTime) + 2_000 + hashInt(`dse:${alert.id}`, 20_000);
  const row: LocalDataSecurityEventRow = {
    Timestamp: graphTime(ms, hashInt(`dse-tick:${alert.id}`, 10_000)),
    ActionType: d.operation,
    AccountObjectId: actor.id,
    AccountUpn: actor.userPrincipalName,
    Workload: d.workload,
    ObjectName: name,
    ObjectType: type,
    IPAddress: officeAddress(actor),
    DlpPolicyMatchInfo: JSON.stringify([{ PolicyName: d.dlpPolicyName, PolicyId: d.dlpPolicyId }]),
    DlpPolicyRuleMatchInfo: JSON.stringify([{ RuleName: d.dlpRuleName, RuleId: d.dlpRuleId }]),
    DlpPolicyEnforcementMode: enforcementMode(alert),
    SensitiveInfoTypeInfo: d.sensitiveInformationTypes.map((t) =>
      JSON.stringify({ SensitiveInfoTypeId: t.id, Count: t.count, Confidence: t.confidenceLevel }),
    ),
    SensitivityLabelId: null,
    SiteUrl: d.siteUrl ?? null,
    TargetUrlDomain: domainOf(d.recipients?.[0] ?? d.sharedWith?.[0] ?? d.targetDomain),
  };
  return ms < nowMs ? [row] : [];
}
