import { strict as assert } from 'node:assert';
import {
  renderRemediationPlanCard,
  renderRemediationResultCard,
  type RemediationRunView,
} from '../../../cards/remediation-card.js';
import type { Alert } from '../../../src/triage/alert.js';
import type { RemediationPlan, RunStatus, StepResult } from '../../../src/triage/remediation/remediation-plan.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { alertWith } from '../../support/alerts.js';
import { Messages } from '../../../src/i18n/messages.js';

const en = new Messages().translator();

const alert: Alert = alertWith('dl0123456789abcdef', {
  title: 'DLP policy match: card numbers shared externally',
  createdAt: '2026-11-23T14:05:00Z',
  lastUpdatedAt: '2026-11-23T15:00:00.1234567Z',
  workload: 'OneDrive',
});

const plan: RemediationPlan = {
  planId: '3f1c2d4e-0000-4000-8000-00000000abcd',
  alertId: alert.id,
  action: 'removeSharingLinks',
  mode: 'execute',
  steps: [
    {
      id: '1',
      kind: 'removeSharingLink',
      target: 'u',
      description:
        'Remove the anyone-with-the-link view link https://contoso-my.sharepoint.com/personal/sofia_rossi_contoso_example/x.',
      executable: true,
      params: { permissionId: 'a1' },
    },
    {
      id: '2',
      kind: 'removeSharingLink',
      target: 'u',
      description: 'Remove the specific-people view link for sofia.rossi.87@gmail.com https://l/2.',
      executable: true,
    },
    {
      id: '3',
      kind: 'removeSharingLink',
      target: 'u',
      description: 'Keep the organization-only edit link https://l/3: only people in your organization can use it.',
      executable: false,
    },
    {
      id: '4',
      kind: 'removeSharingLink',
      target: 'u',
      description:
        'Cannot remove the anyone-with-the-link view link https://l/4: it is inherited from the folder X, and can only be removed there.',
      executable: false,
      exposure: 'an anyone link inherited from the parent folder',
    },
  ],
  evidence: '[]',
  requestedBy: { id: 'a0000000-0000-4000-8000-000000000004', name: 'Rui Responder' },
  createdAt: '2026-11-23T17:00:00.000Z',
  expiresAt: '2026-11-23T17:10:00.000Z',
};

type Json = any;
const texts = (card: Json): string => JSON.stringify(card.body);
const executes = (card: Json): Json[] => (card.actions ?? []).filter((a: Json) => a.type === 'Action.Execute');

function run(
  status: RunStatus,
  outcomes: StepResult['outcome'][],
  extra: Partial<RemediationRunView> = {},
): RemediationRunView {
  const results = plan.steps.map((s, i) => ({
    stepId: s.id,
    kind: s.kind,
    description: s.description,
    outcome: outcomes[i] ?? 'skipped',
    message: `message ${i + 1}`,
    ...(s.exposure ? { exposure: s.exposure } : {}),
  }));
  return { kind: 'run', alert, plan, results, status, undoable: false, ...extra };
}

describe('remediation cards', () => {
  it('plan card: valid 1.5, lists what will and will not change, who may confirm until when; Confirm carries the plan', () => {
    const card = renderRemediationPlanCard(alert, plan, en) as Json;
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.equal(card.msteams, undefined);
    const body = texts(card);
    assert.match(body, /Will change:/);
    assert.match(
      body,
      /1\\\\\. Remove the anyone-with-the-link/,
      'numbered, the number escaped so Teams shows it as typed',
    );
    assert.match(body, /Will not change:/);
    assert.match(body, /inherited from the folder X/);
    assert.match(body, /sofia\\\\_rossi\\\\_contoso\\\\_example/, 'markdown in data is escaped');
    assert.match(body, /Only Rui Responder can confirm this plan, until 5:10 PM UTC, once/);
    const [confirm, cancel] = executes(card);
    assert.equal(confirm.verb, 'alert.remediate.confirm');
    assert.equal(confirm.style, 'destructive');
    assert.deepEqual(confirm.data, {
      alertId: alert.id,
      version: alert.lastUpdatedAt,
      action: 'removeSharingLinks',
      planId: plan.planId,
    });
    assert.equal(cancel.verb, 'alert.refresh');
    assert.deepEqual(cancel.data, { alertId: alert.id, version: alert.lastUpdatedAt });
  });

  it('plan card in dry run says so and its Confirm is not destructive; a plan with nothing to change offers only Cancel', () => {
    const dry = renderRemediationPlanCard(alert, { ...plan, mode: 'dryRun' }, en) as Json;
    assert.deepEqual(validateAdaptiveCard(dry), []);
    assert.match(texts(dry), /Dry run mode/);
    assert.equal(executes(dry)[0].title, 'Confirm (dry run)');
    assert.equal(executes(dry)[0].style, undefined);
    const nothing = renderRemediationPlanCard(
      alert,
      {
        ...plan,
        steps: plan.steps.filter((s) => !s.executable),
      },
      en,
    ) as Json;
    assert.deepEqual(validateAdaptiveCard(nothing), []);
    assert.match(texts(nothing), /Nothing to change/);
    assert.deepEqual(
      executes(nothing).map((a: Json) => a.verb),
      ['alert.refresh'],
    );
  });

  const cases: [RunStatus, StepResult['outcome'][], RegExp][] = [
    ['done', ['succeeded', 'succeeded'], /"Done"/],
    ['partlyFailed', ['succeeded', 'failed'], /Partly failed/],
    ['failed', ['failed', 'failed'], /Failed: nothing took effect/],
    ['dryRun', ['notExecuted', 'notExecuted'], /Dry run: nothing was changed/],
  ];
  for (const [status, outcomes, headline] of cases) {
    it(`result card (${status}): valid, headline, one row per step with its mark and message`, () => {
      const card = renderRemediationResultCard(run(status, outcomes), en) as Json;
      assert.deepEqual(validateAdaptiveCard(card), []);
      assert.match(texts(card), headline);
      const rows = card.body.filter((b: Json) => b.type === 'ColumnSet');
      assert.equal(rows.length, plan.steps.length);
      const marks = rows.map((r: Json) => r.columns[0].items[0].text);
      const want = { succeeded: '✓', failed: '✗', skipped: '–', notExecuted: '○' };
      assert.deepEqual(
        marks,
        [...outcomes, 'skipped', 'skipped'].map((o) => want[o as keyof typeof want]),
      );
      assert.match(texts(card), /message 2/);
      if (status !== 'done') assert.doesNotMatch(texts(card), /"Done"/, 'never "Done" unless it is');
    });
  }

  it('a run that leaves the file exposed: the plan card warns before, the result card says "Done, but still exposed" and names what exposes it', () => {
    const planCard = texts(renderRemediationPlanCard(alert, plan, en));
    assert.match(planCard, /Afterwards it is still exposed: an anyone link inherited from the parent folder/);
    assert.doesNotMatch(
      texts(renderRemediationPlanCard(alert, { ...plan, steps: plan.steps.slice(0, 3) }, en)),
      /still exposed/,
    );
    const card = renderRemediationResultCard(run('doneButExposed', ['succeeded', 'succeeded']), en) as Json;
    assert.deepEqual(validateAdaptiveCard(card), []);
    const headline = card.body.find((b: Json) => b.type === 'TextBlock' && /Done/.test(b.text));
    assert.equal(headline.text, 'Done, but still exposed: an anyone link inherited from the parent folder');
    assert.notEqual(headline.color, 'Good', 'never a plain green Done');
    assert.doesNotMatch(texts(card), /"Done"/);
    assert.match(card.fallbackText, /still exposed/);
  });

  it('result card offers Undo only when the run is undoable, with the plan in its data; undo results have their own headline', () => {
    const undoable = renderRemediationResultCard(
      run('done', ['succeeded', 'succeeded'], { undoable: true }),
      en,
    ) as Json;
    const undo = executes(undoable).find((a: Json) => a.verb === 'alert.remediate.undo');
    assert.deepEqual(undo.data, {
      alertId: alert.id,
      version: alert.lastUpdatedAt,
      action: 'removeSharingLinks',
      planId: plan.planId,
    });
    assert.equal(
      executes(renderRemediationResultCard(run('done', ['succeeded']), en)).some(
        (a: Json) => a.verb === 'alert.remediate.undo',
      ),
      false,
    );
    const undone = renderRemediationResultCard(
      run('partlyFailed', ['succeeded', 'failed'], { kind: 'undo' }),
      en,
    ) as Json;
    assert.deepEqual(validateAdaptiveCard(undone), []);
    assert.match(texts(undone), /Undo partly failed/);
    assert.match(texts(undone), /Undo: Remove sharing links/);
  });
});
