import { SEVERITIES, WORKLOADS, severityRank, type Alert, type Severity, type Workload } from './alert.js';
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
  return true;
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
    } else {
      throw invalid(`Unknown condition "${key}". Use severity, workload, policy or au.`);
    }
  }
  const leftover = text.replace(TOKEN, '').trim();
  if (leftover) throw invalid(`Could not read "${leftover}". Example: route add severity>=high workload=SharePoint`);
  if (!consumed) throw invalid('A route needs at least one condition, e.g. route add severity>=high');
  return conditions;
}

function invalid(message: string): TriageError {
  return new TriageError('invalid', message);
}
