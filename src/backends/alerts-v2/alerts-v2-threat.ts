import type { CloudResource, ThreatInfo } from '../../triage/alert.js';

/**
 * The threat facts of an alert of another product than DLP: MITRE ATT&CK tactics (`category`, which some
 * products fill with several, comma-separated), techniques (`mitreTechniques`), the product's
 * `recommendedActions`, and the cloud resources of its evidence (graph-api.md §1.3, §1.6). Read
 * defensively: a field of an unexpected type is treated as absent.
 */

type Entity = Record<string, unknown>;

const PREFIX = '#microsoft.graph.security.';
const MAX_ITEMS = 20;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;

/** Each cloud evidence type: its provider and the fields that hold the id, the name and the type. */
const RESOURCE_TYPES = new Map<string, { provider: CloudResource['provider']; id: string }>([
  ['azureResourceEvidence', { provider: 'azure', id: 'resourceId' }],
  ['amazonResourceEvidence', { provider: 'aws', id: 'amazonResourceId' }],
  ['googleCloudResourceEvidence', { provider: 'gcp', id: 'fullResourceName' }],
]);

/** The threat facts of a raw alert, from the fields the schema kept as they came. */
export function threatOf(raw: Entity, evidence: readonly Entity[]): ThreatInfo {
  const techniques = Array.isArray(raw.mitreTechniques) ? raw.mitreTechniques.map(text) : [];
  return {
    tactics: (text(raw.category) ?? '')
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
      .slice(0, MAX_ITEMS),
    techniques: [...new Set(techniques.filter((t): t is string => !!t))].slice(0, MAX_ITEMS),
    recommendedActions: text(raw.recommendedActions),
    resources: evidence.flatMap(resourceOf).slice(0, MAX_ITEMS),
  };
}

function resourceOf(e: Entity): CloudResource[] {
  const odataType = text(e['@odata.type']) ?? '';
  const kind = RESOURCE_TYPES.get(odataType.startsWith(PREFIX) ? odataType.slice(PREFIX.length) : odataType);
  const id = kind && text(e[kind.id]);
  if (!kind || !id) return [];
  // An Azure resource id ends with the resource's name: the name when the evidence has none.
  const name = text(e.resourceName) ?? id.split('/').filter(Boolean).at(-1) ?? id;
  const type = text(e.resourceType);
  return [{ id, name, ...(type ? { type } : {}), provider: kind.provider }];
}
