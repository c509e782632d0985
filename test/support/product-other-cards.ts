import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderDigestCard } from '../../cards/digest-card.js';
import { renderHelpCard } from '../../cards/help-card.js';
import { renderInvestigatingCard, renderInvestigationCard } from '../../cards/investigation-card.js';
import { renderRemediationPlanCard, renderRemediationResultCard } from '../../cards/remediation-card.js';
import { TEXT_COMMAND_SPECS } from '../../bot/command-catalog.js';
import { openLocalBackend, type LocalBackend } from '../../src/backends/local/local-backend.js';
import { createLogger } from '../../src/logger.js';
import type { Alert } from '../../src/triage/alert.js';
import { buildDigest } from '../../src/triage/digest/digest.js';
import { DEFAULT_SLA_HOURS } from '../../src/triage/digest/digest-rules.js';
import type { DigestView } from '../../src/triage/digest/digest-view.js';
import { gatherInvestigation } from '../../src/triage/investigation/gather.js';
import { historyOf, type InvestigationProblem } from '../../src/triage/investigation/investigation.js';
import { remediationsFor } from '../../src/triage/remediation/remediation-action.js';
import type { RemediationPlan, RunStatus, StepResult } from '../../src/triage/remediation/remediation-plan.js';
import type { ProductCard } from './product-alert-cards.js';
import { Messages } from '../../src/i18n/messages.js';
import type { SeedAlerts } from './seed-tenant.js';

const i18n = new Messages().translator();

/** The digest of the seed tenant at `now`, as the daily digest shows it to someone who sees every AU. */
export function seedDigestView(seed: SeedAlerts, now: Date, quiet = false): DigestView {
  const units = seed.tenant.directory.administrativeUnits;
  const scoped = seed.alerts
    .filter((a) => a.source === 'dataLossPrevention')
    .map((alert) => ({
      alert,
      units: {
        units: units
          .filter((u) => u.members.includes(alert.subject?.id ?? ''))
          .map(({ id, displayName }) => ({ id, displayName })),
      },
    }));
  const names = Object.fromEntries(
    seed.tenant.directory.users.map((u) => [u.userPrincipalName.toLowerCase(), u.displayName]),
  );
  return {
    digest: buildDigest(quiet ? [] : scoped, now, 'Europe/Berlin', { kind: 'unrestricted' }),
    scopeLabel: 'all administrative units',
    scope: { kind: 'all' },
    assigneeNames: names,
    defenderUrl: 'https://security.microsoft.com/alerts',
    sla: DEFAULT_SLA_HOURS,
  };
}

/** The investigation card of `alert`, gathered from the local backend as the app does. */
async function investigationOf(backend: LocalBackend, alert: Alert, now: Date, problems: InvestigationProblem[] = []) {
  const clock = { now: () => now };
  const g = await gatherInvestigation(alert, {
    activity: backend.activity,
    related: backend.related,
    clock,
    windowHours: 24,
  });
  return renderInvestigationCard(
    {
      alert,
      window: g.window,
      activity: problems.length ? { kind: 'unavailable', reason: 'failed' } : g.activity,
      related: { incident: g.incident, user: g.user, file: g.file },
      history: alert.subject ? historyOf(alert, g.userHistory, now) : undefined,
      evidence: alert.evidence ?? [],
      kql: g.kql,
      huntingUrl: g.huntingUrl,
      problems: [...g.problems, ...problems],
    },
    i18n,
  );
}

const OUTCOMES: Record<RunStatus, StepResult['outcome']> = {
  done: 'succeeded',
  doneButExposed: 'succeeded',
  partlyFailed: 'failed',
  failed: 'failed',
  dryRun: 'notExecuted',
};

/** The plan and result cards of every remediation the seed's alert offers, planned by the local backend. */
async function remediationCards(backend: LocalBackend, alert: Alert, now: Date): Promise<ProductCard[]> {
  const cards: ProductCard[] = [];
  for (const [n, action] of remediationsFor(alert).entries()) {
    const steps = (await backend.remediator.plan(alert, action)).map((s, i) => ({ ...s, id: String(i + 1) }));
    for (const mode of ['execute', 'dryRun'] as const) {
      const plan: RemediationPlan = {
        planId: `plan-${action}-${mode}`,
        alertId: alert.id,
        action,
        mode,
        steps,
        evidence: '',
        requestedBy: { id: 'a0000000-0000-4000-8000-000000000004', name: 'Rui Responder' },
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 600_000).toISOString(),
      };
      cards.push({
        name: `remediation plan ${action} (${mode}) of ${alert.id}`,
        card: renderRemediationPlanCard(alert, plan, i18n),
      });
    }
    if (n > 0) continue; // every outcome of one action per alert: the result card reads the same for all
    const plan = { planId: `plan-${action}`, action } as RemediationPlan;
    for (const [status, outcome] of Object.entries(OUTCOMES) as [RunStatus, StepResult['outcome']][]) {
      const results: StepResult[] = steps.map((s, i) => ({
        stepId: s.id,
        kind: s.kind,
        description: s.description,
        outcome: !s.executable ? 'skipped' : i === 0 && status === 'partlyFailed' ? 'succeeded' : outcome,
        message: outcome === 'failed' ? 'Graph answered 403: the app lacks the permission.' : 'Done at 14:05 UTC.',
        ...(status === 'doneButExposed' ? { exposure: 'an anyone link inherited from the parent folder' } : {}),
      }));
      for (const kind of ['run', 'undo'] as const) {
        const card = renderRemediationResultCard(
          { kind, alert, plan, results, status, undoable: kind === 'run' },
          i18n,
        );
        cards.push({ name: `remediation ${kind} result ${action} (${status}) of ${alert.id}`, card });
      }
    }
  }
  return cards;
}

/**
 * Every other card the product sends, built by the real render functions over the seed tenant: investigation
 * (with and without problems), remediation plans and results, the digest (full and quiet), help.
 */
export async function otherCards(seed: SeedAlerts, now: Date): Promise<ProductCard[]> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-card-render-'));
  try {
    const settings = {
      DEMO_ALERT_INTERVAL_SECONDS: 0,
      REMEDIATION_SENSITIVITY_LABEL: '',
      REMEDIATION_RETENTION_LABEL: '',
    };
    const backend = await openLocalBackend(settings, {
      dataDir,
      clock: { now: () => now },
      log: createLogger('silent'),
    });
    const dlp = seed.alerts.filter((a) => a.source === 'dataLossPrevention');
    // One alert of each workload: their evidence (file, mail, device) gives different plans and sections.
    const perWorkload = [...new Map(dlp.map((a) => [a.workload, a])).values()];
    const cards: ProductCard[] = [];
    for (const alert of perWorkload) {
      cards.push({
        name: `investigation of ${alert.id} (${alert.workload})`,
        card: await investigationOf(backend, alert, now),
      });
      cards.push(...(await remediationCards(backend, alert, now)));
    }
    const problems: InvestigationProblem[] = [
      { part: 'incidentAlerts', code: 'unavailable' },
      { part: 'userAlerts', code: 'forbidden' },
    ];
    cards.push({
      name: 'investigation with problems',
      card: await investigationOf(backend, perWorkload[0]!, now, problems),
    });
    cards.push({ name: 'investigating card', card: renderInvestigatingCard(dlp[0]!.id, '29:1a2b3c', i18n) });
    cards.push({ name: 'digest card', card: renderDigestCard(seedDigestView(seed, now), i18n) });
    cards.push({ name: 'quiet digest card', card: renderDigestCard(seedDigestView(seed, now, true), i18n) });
    cards.push({ name: 'help card', card: renderHelpCard(TEXT_COMMAND_SPECS, i18n) });
    const lead = 'I did not understand "<assign> me everything, please". Here is what I can do:';
    cards.push({ name: 'help card with a lead line', card: renderHelpCard(TEXT_COMMAND_SPECS, i18n, lead) });
    return cards;
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}
