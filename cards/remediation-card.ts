import type { Alert } from '../src/triage/alert.js';
import { REMEDIATION_TITLES } from '../src/triage/remediation/remediation-action.js';
import {
  exposuresOf,
  type RemediationPlan,
  type RunStatus,
  type StepResult,
} from '../src/triage/remediation/remediation-plan.js';
import type { AdaptiveCard } from './adaptive-card.js';
import { md, oneLine } from './card-text.js';

/** A confirm/undo outcome as the result card needs it (the domain's RemediationRun fits). */
export interface RemediationRunView {
  kind: 'run' | 'undo';
  alert: Alert;
  plan: RemediationPlan;
  results: readonly StepResult[];
  status: RunStatus;
  undoable: boolean;
}

/*
 * Only Default and Accent text meets WCAG AA in all three Teams themes (Good and Warning fail on white,
 * Attention on dark grey): the words say how it went, Accent marks what needs a look.
 */
const HEADLINE: Record<'run' | 'undo', Record<RunStatus, [text: string, color: string]>> = {
  run: {
    done: ['Done', 'Default'],
    doneButExposed: ['Done, but still exposed', 'Accent'],
    partlyFailed: ['Partly failed: some steps did not take effect', 'Accent'],
    failed: ['Failed: nothing took effect', 'Accent'],
    dryRun: ['Dry run: nothing was changed', 'Accent'],
  },
  undo: {
    done: ['Undone', 'Default'],
    doneButExposed: ['Undone, but still exposed', 'Accent'],
    partlyFailed: ['Undo partly failed', 'Accent'],
    failed: ['Undo failed', 'Accent'],
    dryRun: ['Dry run: nothing was undone', 'Accent'],
  },
};

const MARK: Record<StepResult['outcome'], [mark: string, color: string]> = {
  succeeded: ['✓', 'Default'],
  failed: ['✗', 'Accent'],
  skipped: ['–', 'Default'],
  notExecuted: ['○', 'Accent'],
};

/** "14:05 UTC". */
const clockTime = (iso: string) => `${new Date(iso).toISOString().slice(11, 16)} UTC`;
const text = (value: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text: md(oneLine(value, 600)),
  wrap: true,
  ...extra,
});
const ref = (alert: Alert) => ({ alertId: alert.id, version: alert.lastUpdatedAt });

function header(title: string, alert: Alert) {
  return [
    { type: 'TextBlock', text: md(oneLine(title, 200)), weight: 'Bolder', size: 'Medium', wrap: true },
    text(alert.title, { isSubtle: true, spacing: 'None', size: 'Small' }),
  ];
}

/**
 * The confirmation card of `alert.remediate`: every step of the stored plan (what will change, and what
 * the plan lists but will not change), who may confirm and until when. Confirm runs exactly this plan.
 */
export function renderRemediationPlanCard(alert: Alert, plan: RemediationPlan): AdaptiveCard {
  const title = REMEDIATION_TITLES[plan.action];
  const changing = plan.steps.filter((s) => s.executable);
  const who = plan.requestedBy.name ?? 'you';
  const body: unknown[] = [
    ...header(`Review: ${title}`, alert),
    ...planSteps(plan),
    text(`Only ${who} can confirm this plan, until ${clockTime(plan.expiresAt)}, once.`, {
      isSubtle: true,
      size: 'Small',
      spacing: 'Medium',
    }),
  ];
  const data = { ...ref(alert), action: plan.action, planId: plan.planId };
  const confirm = {
    type: 'Action.Execute',
    title: plan.mode === 'dryRun' ? 'Confirm (dry run)' : 'Confirm',
    verb: 'alert.remediate.confirm',
    data,
    ...(plan.mode === 'execute' ? { style: 'destructive' } : {}),
  };
  const cancel = { type: 'Action.Execute', title: 'Cancel', verb: 'alert.refresh', data: ref(alert) };
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: `Review remediation: ${oneLine(title, 100)}`,
    body,
    actions: changing.length > 0 ? [confirm, cancel] : [cancel],
  };
}

/** What the plan will change, what it lists but will not change, and what stays exposed afterwards. */
function planSteps(plan: RemediationPlan): unknown[] {
  const changing = plan.steps.filter((s) => s.executable);
  const keeping = plan.steps.filter((s) => !s.executable);
  const body: unknown[] = [];
  if (plan.mode === 'dryRun') {
    const dry = 'Dry run mode: confirming shows and audits this plan but changes nothing.';
    body.push(text(dry, { color: 'Accent', weight: 'Bolder' }));
  }
  if (changing.length > 0) {
    body.push(text(plan.mode === 'dryRun' ? 'Would change:' : 'Will change:', { weight: 'Bolder', spacing: 'Medium' }));
    changing.forEach((s, i) => body.push(text(`${i + 1}. ${s.description}`, { spacing: 'Small' })));
  } else {
    body.push(text('Nothing to change.', { weight: 'Bolder', spacing: 'Medium' }));
  }
  if (keeping.length > 0) {
    body.push(text('Will not change:', { weight: 'Bolder', spacing: 'Medium' }));
    keeping.forEach((s) => body.push(text(`– ${s.description}`, { spacing: 'Small', isSubtle: true })));
  }
  const exposures = [...new Set(keeping.flatMap((s) => (s.exposure ? [s.exposure] : [])))];
  if (exposures.length > 0) {
    const exposed = `Afterwards it is still exposed: ${exposures.join('; ')}.`;
    body.push(text(exposed, { color: 'Accent', weight: 'Bolder', spacing: 'Small' }));
  }
  return body;
}

/**
 * The result card of a confirm or undo: the overall outcome (never "Done" with a failed step, nor while
 * something still exposes the target, which the headline names) and each step with its message.
 */
export function renderRemediationResultCard(run: RemediationRunView): AdaptiveCard {
  const { alert, plan } = run;
  const [word, color] = HEADLINE[run.kind][run.status];
  const headline = run.status === 'doneButExposed' ? `${word}: ${exposuresOf(run.results).join('; ')}` : word;
  const title = `${run.kind === 'undo' ? 'Undo: ' : ''}${REMEDIATION_TITLES[plan.action]}`;
  const body: unknown[] = [...header(title, alert), text(headline, { weight: 'Bolder', color, spacing: 'Medium' })];
  for (const r of run.results) {
    const [mark, markColor] = MARK[r.outcome];
    body.push({
      type: 'ColumnSet',
      spacing: 'Small',
      columns: [
        {
          type: 'Column',
          width: 'auto',
          items: [{ type: 'TextBlock', text: mark, color: markColor, weight: 'Bolder' }],
        },
        {
          type: 'Column',
          width: 'stretch',
          items: [text(r.description), text(r.message, { isSubtle: true, spacing: 'None', size: 'Small' })],
        },
      ],
    });
  }
  const actions: unknown[] = [];
  if (run.undoable) {
    actions.push({
      type: 'Action.Execute',
      title: 'Undo',
      verb: 'alert.remediate.undo',
      data: { ...ref(alert), action: plan.action, planId: plan.planId },
    });
  }
  actions.push({ type: 'Action.Execute', title: 'Back to the alert', verb: 'alert.refresh', data: ref(alert) });
  return { type: 'AdaptiveCard', version: '1.5', fallbackText: `${title}: ${headline}`, body, actions };
}
