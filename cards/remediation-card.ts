import type { Translator } from '../src/i18n/translator.js';
import type { Alert } from '../src/triage/alert.js';
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
 * The headline's colour per outcome; its words are the catalogue's `remediation.run|undo.<status>`. Only
 * Default and Accent text meets WCAG AA in all three Teams themes (Good and Warning fail on white,
 * Attention on dark grey): the words say how it went, Accent marks what needs a look.
 */
const HEADLINE_COLOR: Record<RunStatus, string> = {
  done: 'Default',
  doneButExposed: 'Accent',
  partlyFailed: 'Accent',
  failed: 'Accent',
  dryRun: 'Accent',
};

const MARK: Record<StepResult['outcome'], [mark: string, color: string]> = {
  succeeded: ['✓', 'Default'],
  failed: ['✗', 'Accent'],
  skipped: ['–', 'Default'],
  notExecuted: ['○', 'Accent'],
};

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
 * The confirmation card of `alert.remediate`, in the reader's language and zone: every step of the stored
 * plan (what will change, and what the plan lists but will not change), who may confirm and until when.
 * Confirm runs exactly this plan. Step descriptions are the backend's own words.
 */
export function renderRemediationPlanCard(alert: Alert, plan: RemediationPlan, i18n: Translator): AdaptiveCard {
  const title = i18n.t(`remediation.action.${plan.action}`);
  const changing = plan.steps.filter((s) => s.executable);
  const who = plan.requestedBy.name ?? i18n.t('remediation.you');
  const body: unknown[] = [
    ...header(i18n.t('remediation.review', { action: title }), alert),
    ...planSteps(plan, i18n),
    text(i18n.t('remediation.onlyWho', { who, until: i18n.time(plan.expiresAt) }), {
      isSubtle: true,
      size: 'Small',
      spacing: 'Medium',
    }),
  ];
  const data = { ...ref(alert), action: plan.action, planId: plan.planId };
  const confirm = {
    type: 'Action.Execute',
    title: i18n.t(plan.mode === 'dryRun' ? 'remediation.confirmDryRun' : 'remediation.confirm'),
    verb: 'alert.remediate.confirm',
    data,
    ...(plan.mode === 'execute' ? { style: 'destructive' } : {}),
  };
  const cancel = {
    type: 'Action.Execute',
    title: i18n.t('remediation.cancel'),
    verb: 'alert.refresh',
    data: ref(alert),
  };
  return {
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: i18n.t('remediation.fallback', { action: oneLine(title, 100) }),
    body,
    actions: changing.length > 0 ? [confirm, cancel] : [cancel],
  };
}

/** What the plan will change, what it lists but will not change, and what stays exposed afterwards. */
function planSteps(plan: RemediationPlan, i18n: Translator): unknown[] {
  const changing = plan.steps.filter((s) => s.executable);
  const keeping = plan.steps.filter((s) => !s.executable);
  const body: unknown[] = [];
  if (plan.mode === 'dryRun') {
    body.push(text(i18n.t('remediation.dryRunMode'), { color: 'Accent', weight: 'Bolder' }));
  }
  if (changing.length > 0) {
    const heading = i18n.t(plan.mode === 'dryRun' ? 'remediation.wouldChange' : 'remediation.willChange');
    body.push(text(heading, { weight: 'Bolder', spacing: 'Medium' }));
    changing.forEach((s, i) => body.push(text(`${i + 1}. ${s.description}`, { spacing: 'Small' })));
  } else {
    body.push(text(i18n.t('remediation.nothingToChange'), { weight: 'Bolder', spacing: 'Medium' }));
  }
  if (keeping.length > 0) {
    body.push(text(i18n.t('remediation.willNotChange'), { weight: 'Bolder', spacing: 'Medium' }));
    keeping.forEach((s) => body.push(text(`– ${s.description}`, { spacing: 'Small', isSubtle: true })));
  }
  const exposures = [...new Set(keeping.flatMap((s) => (s.exposure ? [s.exposure] : [])))];
  if (exposures.length > 0) {
    const exposed = i18n.t('remediation.stillExposed', { exposures: exposures.join('; ') });
    body.push(text(exposed, { color: 'Accent', weight: 'Bolder', spacing: 'Small' }));
  }
  return body;
}

/**
 * The result card of a confirm or undo: the overall outcome (never "Done" with a failed step, nor while
 * something still exposes the target, which the headline names) and each step with its message.
 */
export function renderRemediationResultCard(run: RemediationRunView, i18n: Translator): AdaptiveCard {
  const { alert, plan } = run;
  const color = HEADLINE_COLOR[run.status];
  const word = i18n.t(`remediation.${run.kind}.${run.status}`);
  const exposures = exposuresOf(run.results).join('; ');
  const headline =
    run.status === 'doneButExposed' ? i18n.t('remediation.headlineExposed', { headline: word, exposures }) : word;
  const action = i18n.t(`remediation.action.${plan.action}`);
  const title = run.kind === 'undo' ? i18n.t('remediation.undoTitle', { action }) : action;
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
      title: i18n.t('remediation.undo'),
      verb: 'alert.remediate.undo',
      data: { ...ref(alert), action: plan.action, planId: plan.planId },
    });
  }
  const back = i18n.t('remediation.backToAlert');
  actions.push({ type: 'Action.Execute', title: back, verb: 'alert.refresh', data: ref(alert) });
  return { type: 'AdaptiveCard', version: '1.5', fallbackText: `${title}: ${headline}`, body, actions };
}
