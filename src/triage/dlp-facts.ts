/**
 * The facts a DLP alert leads with when someone triages it: what the policy did, where the content went,
 * and which of these facts the backend could not provide (Graph documents none of them, graph-api.md §0.2).
 */

/** What the policy did when it matched: Purview's rule actions, reduced to what triage decides on. */
export const POLICY_ACTIONS = ['blocked', 'blockedWithOverride', 'warned', 'auditOnly'] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** The policy's action, and whether the user overrode it (with the justification they typed). */
export interface PolicyOutcome {
  action: PolicyAction;
  overridden: boolean;
  /** The user's business justification for the override, as typed: user text, escape it everywhere. */
  justification?: string;
}

/** Who could reach the content: anyone with the link, people outside the organization, or only people inside. */
export const SHARING_SCOPES = ['anonymous', 'external', 'internal'] as const;
export type SharingScope = (typeof SHARING_SCOPES)[number];

/** Where an endpoint activity took a file, when it did not go to people. */
export const TARGET_KINDS = ['removableMedia', 'cloudService', 'printer', 'networkShare'] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

/** Where the content went: people (addresses), the domains outside the organization, the reach, a device target. */
export interface Destination {
  recipients: string[];
  /** Lower-case domains outside the organization the content went to, without repeats. */
  externalDomains: string[];
  scope?: SharingScope;
  target?: { kind: TargetKind; name: string };
}

/** The facts a backend may be unable to provide; the card says so instead of leaving them out silently. */
export const DLP_FACTS = ['department', 'sensitiveInfoTypes', 'destination', 'policyOutcome'] as const;
export type DlpFact = (typeof DLP_FACTS)[number];
