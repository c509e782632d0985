/**
 * Digest build time for 100,000 alerts (section [5] of `npm run bench`; also `npx tsx bench/digest.ts`).
 * The alerts are synthetic but shaped like a busy tenant: 30 days of history, 60 % resolved, 4 AUs plus
 * subjects in none, 20 assignees, 12 policies, assignment comments on a third. Measured in-process:
 *   pure       buildDigest alone (the domain function), unrestricted and one-AU scopes;
 *   service    what a scheduled digest does around it: read all pages (100 per page) from an in-memory
 *              AlertStore, resolve AUs once per subject, build, name the assignees, render the card.
 */
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { renderDigestCard } from '../cards/digest-card.js';
import { Messages } from '../src/i18n/messages.js';
import type { AlertScope, Scope } from '../src/triage/access/access-decision.js';
import type { Alert, Severity } from '../src/triage/alert.js';
import { buildDigest, type ScopedAlert } from '../src/triage/digest/digest.js';
import { DEFAULT_SLA_HOURS } from '../src/triage/digest/digest-rules.js';
import { readScopedAlerts } from '../src/triage/digest/scoped-alerts.js';
import type { AlertPage } from '../src/triage/ports.js';

const COUNT = 100_000;
const NOW = new Date('2026-03-10T07:00:00.000Z');
const DAY = 86_400_000;
const UNITS = ['EMEA', 'Americas', 'APAC', 'India'].map((name, i) => ({ id: `au-${i}`, displayName: name }));
const SEVERITIES: Severity[] = ['high', 'medium', 'medium', 'low', 'low', 'informational'];

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same data. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function syntheticAlerts(count: number): { alerts: Alert[]; unitsBySubject: Map<string, AlertScope> } {
  const rnd = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)]!;
  const unitsBySubject = new Map<string, AlertScope>();
  for (let s = 0; s < 500; s++)
    unitsBySubject.set(`subject-${s}`, s % 10 === 9 ? { units: [] } : { units: [UNITS[s % UNITS.length]!] });
  const alerts: Alert[] = [];
  for (let i = 0; i < count; i++) {
    const createdMs = NOW.getTime() - Math.floor(rnd() * 30 * DAY);
    const resolved = rnd() < 0.6;
    const assigned = resolved || rnd() < 0.5;
    const comments =
      assigned && rnd() < 0.35
        ? [
            {
              author: 'Sam',
              text: 'assigned the alert to Emma Analyst',
              createdAt: new Date(createdMs + rnd() * DAY).toISOString(),
            },
          ]
        : [];
    const createdAt = new Date(createdMs).toISOString();
    alerts.push({
      id: `dl-bench-${i}`,
      title: `Synthetic alert ${i}`,
      severity: pick(SEVERITIES),
      status: resolved ? 'resolved' : rnd() < 0.5 ? 'new' : 'inProgress',
      classification: resolved
        ? pick(['truePositive', 'falsePositive', 'informationalExpectedActivity'] as const)
        : 'unknown',
      determination: 'unknown',
      assignedTo: assigned ? `analyst${Math.floor(rnd() * 20)}@contoso.example` : undefined,
      createdAt,
      lastUpdatedAt: createdAt,
      resolvedAt: resolved ? new Date(Math.min(NOW.getTime(), createdMs + rnd() * 5 * DAY)).toISOString() : undefined,
      policyName: `Policy ${Math.floor(rnd() * 12)}`,
      workload: 'SharePoint',
      subject: { id: `subject-${Math.floor(rnd() * 500)}` },
      sensitiveInfoTypes: [],
      comments,
      portalUrl: `https://security.microsoft.com/alerts/dl-bench-${i}`,
    });
  }
  return { alerts, unitsBySubject };
}

function timeRuns(runs: number, fn: () => unknown): { p50: number; max: number; min: number } {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { min: ms[0]!, p50: ms[Math.floor(ms.length / 2)]!, max: ms[ms.length - 1]! };
}

async function timeRunsAsync(
  runs: number,
  fn: () => Promise<unknown>,
): Promise<{ p50: number; max: number; min: number }> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { min: ms[0]!, p50: ms[Math.floor(ms.length / 2)]!, max: ms[ms.length - 1]! };
}

/** Runs the digest measurements and returns them (for bench/results.json). */
export async function runDigestBench(count = COUNT) {
  const { alerts, unitsBySubject } = syntheticAlerts(count);
  const scoped: ScopedAlert[] = alerts.map((alert) => ({ alert, units: unitsBySubject.get(alert.subject!.id!)! }));
  const all: Scope = { kind: 'unrestricted' };
  const emea: Scope = { kind: 'administrativeUnits', units: ['EMEA'] };
  for (let i = 0; i < 3; i++) buildDigest(scoped, NOW, 'Europe/Berlin', all); // warm-up (JIT)
  const pureAll = timeRuns(10, () => buildDigest(scoped, NOW, 'Europe/Berlin', all, DEFAULT_SLA_HOURS));
  const pureEmea = timeRuns(10, () => buildDigest(scoped, NOW, 'Europe/Berlin', emea, DEFAULT_SLA_HOURS));

  // The service path with in-memory ports: paging like the real stores (100 per page), AUs once per subject.
  const store = {
    async listChangedSince(_since: string | undefined, cursor?: string): Promise<AlertPage> {
      const start = cursor ? Number(cursor) : 0;
      return {
        alerts: alerts.slice(start, start + 100),
        next: start + 100 < alerts.length ? String(start + 100) : undefined,
      };
    },
  };
  const access = { scopeOf: async (a: Alert) => unitsBySubject.get(a.subject!.id!)! };
  const english = new Messages().translator(); // built once, as the bot does: compiling is not the digest's cost
  const service = async () => {
    const read = await readScopedAlerts(store, access);
    const digest = buildDigest(read.alerts, NOW, 'Europe/Berlin', all, DEFAULT_SLA_HOURS);
    return renderDigestCard(
      {
        digest,
        scopeLabel: 'all administrative units',
        assigneeNames: {},
        defenderUrl: read.defenderUrl,
        sla: DEFAULT_SLA_HOURS,
      },
      english,
    );
  };
  await service();
  const servicePath = await timeRunsAsync(5, service);
  const sample = buildDigest(scoped, NOW, 'Europe/Berlin', all);
  return {
    alerts: count,
    openInSample: sample.open.total,
    pureUnrestrictedMs: pureAll,
    pureOneAuMs: pureEmea,
    serviceReadBuildRenderMs: servicePath,
  };
}

export function printDigestBench(r: Awaited<ReturnType<typeof runDigestBench>>, out: (line?: string) => void): void {
  const f = (x: { p50: number; min: number; max: number }) =>
    `p50 ${x.p50.toFixed(1)} ms (min ${x.min.toFixed(1)}, max ${x.max.toFixed(1)})`;
  out(
    `[5] Digest build, ${r.alerts.toLocaleString('en-US')} synthetic alerts (${r.openInSample.toLocaleString('en-US')} open), in-process`,
  );
  out(`  ${'buildDigest, unrestricted scope (pure, 10 runs)'.padEnd(50)} ${f(r.pureUnrestrictedMs)}`);
  out(`  ${'buildDigest, one-AU scope (pure, 10 runs)'.padEnd(50)} ${f(r.pureOneAuMs)}`);
  out(`  ${'read 1,000 pages + AUs + build + render (5 runs)'.padEnd(50)} ${f(r.serviceReadBuildRenderMs)}`);
  out();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  runDigestBench().then((r) => printDigestBench(r, (l = '') => process.stdout.write(l + '\n')));
}
