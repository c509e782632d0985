import { strict as assert } from 'node:assert';
import { renderAlertCard, type AlertCardView } from '../../../cards/alert-card.js';
import { CARD_VERBS, type CardVerb } from '../../../cards/card-verbs.js';
import type { Alert } from '../../../src/triage/alert.js';
import { factsOf } from '../../support/card-facts.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { nodes, nodesOfType, textsOf, verbsIn } from '../../support/card-tree.js';
import { alertWith } from '../../support/alerts.js';
import { Messages } from '../../../src/i18n/messages.js';

const i18n = new Messages().translator({ locale: 'en-US' });

/*
 * Time and state at a glance: the SLA badge from the configured hours, a resolved card that looks
 * resolved, "assigned to you" for the viewer (and no Assign to me then), the assignee by display name,
 * and the current classification and status selected in their inputs.
 */

const CREATED = '2026-11-23T10:00:00Z';
const SLA = { high: 4, medium: 24, low: 72 };
const ALL = new Set<CardVerb>(CARD_VERBS);
const SAM = { id: 'a0000000-0000-4000-8000-000000000002' };

const at = (iso: string) => new Date(iso);
const alert = (extra: Partial<Alert> = {}) => alertWith('dl-state-1', { createdAt: CREATED, ...extra });
const view = (now: Date, extra: Partial<AlertCardView> = {}): AlertCardView => ({
  actions: ALL,
  now,
  sla: SLA,
  i18n,
  ...extra,
});
const render = (a: Alert, v: AlertCardView) => renderAlertCard(a, v);

/** The texts of the badge row (containers with a style, right under the notice). */
function badges(card: unknown): string[] {
  return nodesOfType(card, 'Container')
    .filter((c) => typeof c.style === 'string')
    .flatMap((c) => textsOf(c));
}

describe('alert card: SLA badge', () => {
  const cases: Array<[string, Alert['severity'], string, string]> = [
    ['high, created 1 h ago (SLA 4 h)', 'high', '2026-11-23T11:00:00Z', 'Due in 3 h'],
    ['high, 3 h 59 min in', 'high', '2026-11-23T13:59:00Z', 'Due in 1 min'],
    ['high, exactly at the deadline', 'high', '2026-11-23T14:00:00Z', 'Due now'],
    ['high, 20 min past', 'high', '2026-11-23T14:20:00Z', 'Past SLA by 20 min'],
    ['high, 2 h past', 'high', '2026-11-23T16:00:00Z', 'Past SLA by 2 h'],
    ['high, 2 h 59 min past (whole hours, never more than it is)', 'high', '2026-11-23T16:59:00Z', 'Past SLA by 2 h'],
    ['medium (24 h), 40 min in', 'medium', '2026-11-23T10:40:00Z', 'Due in 23 h'],
    ['low (72 h), just created', 'low', '2026-11-23T10:00:00Z', 'Due in 3 d'],
    ['low, 5 d past', 'low', '2026-12-01T10:00:00Z', 'Past SLA by 5 d'],
    ['medium, 47 h past', 'medium', '2026-11-26T09:00:00Z', 'Past SLA by 47 h'],
  ];
  for (const [name, severity, now, expected] of cases) {
    it(`${name}: "${expected}"`, () => {
      const card = render(alert({ severity }), view(at(now)));
      const sla = badges(card).filter((t) => /SLA|Due/.test(t));
      assert.deepEqual(sla, [expected]);
      assert.deepEqual(validateAdaptiveCard(card), []);
    });
  }

  it('past SLA is an attention badge, due is a neutral one', () => {
    const style = (now: string) =>
      nodesOfType(render(alert(), view(at(now))), 'Container').find((c) => /SLA|Due/.test(textsOf(c).join(' ')))?.style;
    assert.equal(style('2026-11-23T16:00:00Z'), 'attention');
    assert.equal(style('2026-11-23T11:00:00Z'), 'emphasis');
  });

  it('none when resolved, informational, of unknown severity, or without configured SLA hours', () => {
    const late = at('2026-12-20T00:00:00Z');
    for (const a of [
      alert({ status: 'resolved', resolvedAt: '2026-11-23T12:00:00Z', classification: 'truePositive' }),
      alert({ severity: 'informational' }),
      alert({ severity: 'unknown' }),
    ])
      assert.deepEqual(
        badges(render(a, view(late))).filter((t) => /SLA|Due/.test(t)),
        [],
        a.severity + a.status,
      );
    assert.deepEqual(
      badges(render(alert(), view(late, { sla: undefined }))).filter((t) => /SLA|Due/.test(t)),
      [],
    );
  });
});

describe('alert card: visible states', () => {
  const now = at('2026-11-23T12:00:00Z');

  it('a resolved card looks resolved: a muted "Resolved · <classification>" line and a muted severity badge', () => {
    const resolved = alert({
      status: 'resolved',
      classification: 'truePositive',
      determination: 'maliciousUserActivity',
      resolvedAt: '2026-11-23T11:30:00Z',
    });
    const card = render(resolved, view(now));
    const line = nodesOfType(card, 'TextBlock').find((t) => String(t.text).startsWith('Resolved ·'));
    assert.equal(line?.text, 'Resolved · True positive');
    assert.equal(line?.isSubtle, true);
    const severity = nodesOfType(card, 'Container').find((c) => textsOf(c).includes('High severity'));
    assert.equal(severity?.style, 'emphasis', 'a resolved alert no longer shouts its severity');
    assert.equal(nodesOfType(card, 'TextBlock').find((t) => t.text === resolved.title)?.isSubtle, true, 'muted title');
    const open = render(alert(), view(now));
    assert.ok(!textsOf(open).some((t) => t.startsWith('Resolved ·')));
    assert.equal(nodesOfType(open, 'Container').find((c) => textsOf(c).includes('High severity'))?.style, 'attention');
    const unclassified = render(alert({ status: 'resolved' }), view(now));
    assert.ok(textsOf(unclassified).includes('Resolved · Not classified'));
  });

  it('shows the assignee by display name, and marks "assigned to you" for the viewer', () => {
    const assigned = alert({ assignedTo: 'sam.analyst@contoso.example' });
    const samName = { id: SAM.id, displayName: 'Sam Analyst' };
    const mine = render(assigned, view(now, { viewer: SAM, assignee: samName }));
    assert.equal(factsOf(mine)['Assigned to'], 'Sam Analyst (you)');
    assert.ok(badges(mine).includes('Assigned to you'));
    const theirs = render(assigned, view(now, { viewer: { id: 'someone-else' }, assignee: samName }));
    assert.equal(factsOf(theirs)['Assigned to'], 'Sam Analyst');
    assert.ok(!badges(theirs).includes('Assigned to you'));
    const channel = render(assigned, { actions: new Set<CardVerb>(['alert.refresh']), now, assignee: samName, i18n });
    assert.equal(factsOf(channel)['Assigned to'], 'Sam Analyst');
    assert.ok(!JSON.stringify(channel).includes('Assigned to you'));
    // Without a name from the directory the card falls back to the user principal name.
    assert.equal(factsOf(render(assigned, view(now)))['Assigned to'], 'sam.analyst@contoso.example');
  });

  it('hides Assign to me when the alert is already assigned to the viewer', () => {
    const assigned = alert({ assignedTo: 'sam.analyst@contoso.example' });
    const samName = { id: SAM.id, displayName: 'Sam Analyst' };
    assert.equal(
      verbsIn(render(assigned, view(now, { viewer: SAM, assignee: samName }))).has('alert.assignToMe'),
      false,
    );
    assert.equal(
      verbsIn(render(assigned, view(now, { viewer: { id: 'x' }, assignee: samName }))).has('alert.assignToMe'),
      true,
    );
    assert.equal(verbsIn(render(alert(), view(now, { viewer: SAM }))).has('alert.assignToMe'), true);
  });

  it('shows the current classification and status as selected', () => {
    const a = alert({ status: 'inProgress', classification: 'falsePositive', determination: 'notMalicious' });
    const card = render(a, view(now));
    const status = nodes(card).find((n) => n.id === 'status');
    assert.equal(status?.value, 'inProgress');
    assert.deepEqual(
      (status?.choices as { title: string }[]).map((c) => c.title),
      ['New', 'In progress', 'Resolved'],
    );
    const classify = nodesOfType(card, 'Action.ShowCard').find((s) => s.title === 'Classify')!;
    const titles = nodesOfType(classify.card, 'Action.ShowCard').map((s) => s.title);
    assert.deepEqual(titles, ['True positive', '✓ False positive', 'Informational, expected activity']);
    const determination = nodes(card)
      .filter((n) => n.id === 'determination')
      .map((d) => d.value);
    assert.deepEqual(determination, ['', 'notMalicious', '']);
    const none = nodesOfType(render(alert(), view(now)), 'Action.ShowCard').map((s) => s.title);
    assert.ok(!none.some((t) => String(t).startsWith('✓')), 'nothing marked when unclassified');
  });

  it('every state is a valid Adaptive Card 1.5', () => {
    const samName = { id: SAM.id, displayName: 'Sam Analyst' };
    for (const a of [
      alert({ assignedTo: 'sam.analyst@contoso.example' }),
      alert({ status: 'resolved', classification: 'falsePositive', determination: 'notMalicious' }),
      alert({ status: 'inProgress', severity: 'medium' }),
    ])
      for (const v of [view(now, { viewer: SAM, assignee: samName }), view(at('2026-12-30T00:00:00Z'))])
        assert.deepEqual(validateAdaptiveCard(render(a, v)), []);
  });
});
