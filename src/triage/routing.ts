import { SEVERITIES, WORKLOADS, severityRank, type Alert, type Severity, type Workload } from './alert.js';
import { SERVICE_SOURCES, serviceSourceNamed, type ServiceSource } from './alert-sources.js';
import { TriageError } from './triage-error.js';

/**
 * Routing rules decide which triage channel gets a new alert: the first rule whose every condition
 * matches wins; an alert no rule matches goes to the default channel.
 */
export interface RouteConditions {
  /** `severity>=x` (min) or `severity=x` (exact). */
  severity?: { op: '>=' | '='; value: Severity };
  workloads?: Workload[];
  /** Case-insensitive substring of the policy name. */
  policy?: string;
  /** Administrative unit display names (any of); matched against the alert subject's AUs. */
  administrativeUnits?: string[];
  /** Graph `serviceSource` values (any of): which product raised the alert. */
  sources?: ServiceSource[];
  /** Custom tags of the alert's incident (any of, case-insensitive): `tag=VIP`. */
  tags?: string[];
}

export interface RouteRule {
  conditions: RouteConditions;
  channelId: string;
  /** As typed, for `route list`. */
  text: string;
  /** `group=incident`: the alerts this rule sends are laid out one thread per incident. */
  group?: 'incident';
}

/** What routing needs to know about an alert beyond the alert itself. */
export interface RoutingFacts {
  subjectAdministrativeUnits: string[];
  /** The custom tags of the alert's incident; absent or empty when it has none (or they could not be read). */
  incidentTags?: string[];
}

/** True when every condition of the rule holds for the alert. */
export function ruleMatches(c: RouteConditions, alert: Alert, facts: RoutingFacts): boolean {
  if (c.severity) {
    const rank = severityRank(alert.severity);
    const want = severityRank(c.severity.value);
    if (c.severity.op === '=' ? rank !== want : rank < want) return false;
  }
  if (c.workloads && !c.workloads.includes(alert.workload)) return false;
  if (c.policy && !(alert.policyName ?? '').toLowerCase().includes(c.policy.toLowerCase())) return false;
  if (c.administrativeUnits) {
    const aus = facts.subjectAdministrativeUnits.map((a) => a.toLowerCase());
    if (!c.administrativeUnits.some((au) => aus.includes(au.toLowerCase()))) return false;
  }
  if (c.sources && !c.sources.some((s) => s === alert.source)) return false;
  if (c.tags && !tagsMatch(c.tags, facts.incidentTags ?? [])) return false;
  return true;
}

/** Whether the incident carries any of the wanted tags (case-insensitively, as people read them). */
function tagsMatch(wanted: readonly string[], tags: readonly string[]): boolean {
  const have = new Set(tags.map((t) => t.toLowerCase()));
  return wanted.some((t) => have.has(t.toLowerCase()));
}

/** The channel id of the first matching rule, else undefined (caller falls back to the default channel). */
export function firstMatchingRule(
  rules: readonly RouteRule[],
  alert: Alert,
  facts: RoutingFacts,
): RouteRule | undefined {
  return rules.find((r) => ruleMatches(r.conditions, alert, facts));
}

const TOKEN = /(\w+)\s*(>=|=)\s*("([^"]*)"|'([^']*)'|[^\s]+)/g;

/**
 * Parses `severity>=medium workload=SharePoint,OneDrive policy="PCI" au=EMEA`.
 * Throws TriageError('invalid') with a message that says which part is wrong and what is accepted.
 */
export function parseRouteConditions(text: string): RouteConditions {
  const conditions: RouteConditions = {};
  let consumed = '';
  for (const m of text.matchAll(TOKEN)) {
    consumed += m[0];
    const key = m[1]!.toLowerCase();
    const op = m[2] as '>=' | '=';
    const value = m[4] ?? m[5] ?? m[3]!;
    if (key === 'severity') {
      const sev = SEVERITIES.find((s) => s === value.toLowerCase());
      if (!sev) throw invalid(`Unknown severity "${value}". Use one of: ${SEVERITIES.join(', ')}.`);
      conditions.severity = { op, value: sev };
      continue;
    }
    if (op !== '=') throw invalid(`Only severity supports >=; write ${key}=<value>.`);
    if (key === 'workload') {
      conditions.workloads = value.split(',').map((w) => {
        const found = WORKLOADS.find((x) => x.toLowerCase() === w.trim().toLowerCase());
        if (!found) throw invalid(`Unknown workload "${w}". Use one of: ${WORKLOADS.join(', ')}.`);
        return found;
      });
    } else if (key === 'policy') {
      if (!value.trim()) throw invalid('policy= needs a (part of a) policy name.');
      conditions.policy = value.trim();
    } else if (key === 'au') {
      conditions.administrativeUnits = value
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean);
    } else if (key === 'source') {
      conditions.sources = parseSources(value);
    } else if (key === 'tag') {
      conditions.tags = parseTags(value);
    } else {
      throw invalid(`Unknown condition "${key}". Use severity, workload, policy, au, source or tag.`);
    }
  }
  const leftover = text.replace(TOKEN, '').trim();
  if (leftover) throw invalid(`Could not read "${leftover}". Example: route add severity>=high workload=SharePoint`);
  if (!consumed) throw invalid('A route needs at least one condition, e.g. route add severity>=high');
  return conditions;
}

/** `source=a,b`: each a Graph serviceSource (any case), in Graph's spelling. */
function parseSources(value: string): ServiceSource[] {
  return value
    .split(',')
    .filter((w) => w.trim())
    .map((w) => {
      const found = serviceSourceNamed(w);
      if (!found) throw invalid(`Unknown source "${w.trim()}". Use one of: ${SERVICE_SOURCES.join(', ')}.`);
      return found;
    });
}

function invalid(message: string): TriageError {
  return new TriageError('invalid', message);
}

/** `tag=VIP,Finance`: the incident custom tags a route takes (any of). */
function parseTags(value: string): string[] {
  const tags = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (tags.length === 0 || tags.some((t) => t.length > 50))
    throw invalid('tag= needs one or more incident tags of at most 50 characters, e.g. tag=VIP.');
  return tags;
}
