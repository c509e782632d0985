import { strict as assert } from 'node:assert';
import { renderAlertListCard } from '../../../cards/alert-list-card.js';
import { renderDigestCard } from '../../../cards/digest-card.js';
import { duration } from '../../../cards/digest-format.js';
import { DIGEST_VERBS } from '../../../cards/digest-verbs.js';
import { threadDeepLink } from '../../../bot/thread-link.js';
import { buildDigest } from '../../../src/triage/digest/digest.js';
import { DEFAULT_SLA_HOURS } from '../../../src/triage/digest/digest-rules.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { DAY, HOUR, alertAged, scoped } from '../../support/digest-fixtures.js';
import { executeActions, nodesOfType, textsOf, type CardNode } from '../../support/card-tree.js';
import { NOW, digestSample, leadRows, view } from './digest-card-sample.js';
import { Messages } from '../../../src/i18n/messages.js';

/** A text with the narrow and thin spaces ICU puts in English times made plain spaces. */
const spaces = (text: string) => text.replace(/[\u202f\u2009]/g, ' ');

describe('digest card', () => {
  it('leads with past SLA, unassigned high and the oldest open alert’s age, right after the header, each with its button', () => {
    const { alerts, oldest } = digestSample();
    const card = renderDigestCard(view(alerts));
    assert.deepEqual(validateAdaptiveCard(card), []);
    const body = card.body as CardNode[];
    // English in US formats (the English reader's); ICU puts a narrow space before "AM".
    assert.deepEqual(textsOf(body.slice(0, 2)).map(spaces), [
      'DLP digest · Tue, Mar 10',
      'all administrative units · as of 8:00 AM Europe/Berlin',
    ]);
    const rows = leadRows(card);
    assert.deepEqual(
      rows.map((r) => [r.number, r.label, r.big, r.buttons.map((b) => b.verb)]),
      [
        ['2', 'past SLA', true, ['digest.slaBreaches']],
        ['2', 'unassigned high', true, ['digest.unassignedHigh']],
        ['9 d 4 h', 'oldest open', true, ['alert.open']],
      ],
    );
    assert.equal(rows[0]!.note, 'SLA: high 4 h, medium 24 h, low 72 h');
    assert.equal(rows[2]!.note, 'Informational · Oldest \\*open\\* policy', 'severity and escaped policy name');
    assert.ok(!JSON.stringify(card).includes('Payroll'), 'no alert title (it can name a file)');
    assert.deepEqual(rows[2]!.buttons[0]!.data, { alertId: oldest.id, version: oldest.lastUpdatedAt });
    assert.deepEqual(rows[0]!.buttons[0]!.data, {});
    const verbs = executeActions(card).map((a) => a.verb);
    assert.ok(
      verbs.every((v) => v === 'alert.open' || (DIGEST_VERBS as readonly string[]).includes(v)),
      verbs.join(),
    );
    const actions = card.actions as { verb?: string; url?: string }[];
    assert.deepEqual(
      actions.map((a) => a.verb ?? a.url),
      ['digest.unassigned', 'https://security.microsoft.com/alerts?tid=t1'],
    );
  });

  it('a lead number of zero has no button; nothing open says so instead of the three numbers', () => {
    const rows = leadRows(renderDigestCard(view(digestSample().alerts.slice(5))));
    assert.deepEqual(
      rows.map((r) => [r.number, r.label, r.buttons.length]),
      [
        ['0', 'past SLA', 0],
        ['0', 'unassigned high', 0],
        ['9 d 4 h', 'oldest open', 1],
      ],
    );
    const empty = renderDigestCard(view([]));
    assert.deepEqual(validateAdaptiveCard(empty), []);
    assert.deepEqual(leadRows(empty), []);
    assert.equal(textsOf((empty.body as CardNode[])[2])[0], 'Nothing is open.');
  });

  it('a channel digest’s list buttons carry the channel', () => {
    const card = renderDigestCard(view(digestSample().alerts, { channelId: '19:emea@thread.tacv2' }));
    const lists = executeActions(card).filter((a) => a.verb.startsWith('digest.'));
    assert.equal(lists.length, 3);
    assert.ok(lists.every((a) => a.data.channelId === '19:emea@thread.tacv2'));
  });

  it('the rest is grouped and short: open by status, the last 24 hours, 7 days, policies, assignees, units', () => {
    const card = renderDigestCard(view(digestSample().alerts));
    const all = textsOf(card, { facts: true }).map(spaces);
    for (const line of [
      'Open: 5',
      'New: 3',
      'In progress: 2',
      'Unassigned: 3',
      'New in the last 24 hours: 3 (+2 vs the 24 hours before)',
      'Resolved in the last 24 hours: 1 (0 true positive, 1 false positive, 0 informational)',
      'Last 7 days',
      'Each day is the 24 hours up to 8:00 AM Europe/Berlin.',
      'Time to assign: 1 h 30 min (median over 1 alert assigned in Teams)',
      'Time to resolve: 16 h (median over 2 alerts)',
      'Emma Analyst: 1',
    ])
      assert.ok(all.includes(line), `${line}\n---\n${all.join('\n')}`);
    assert.ok(all.some((t) => t.startsWith('EMEA: 3 open')));
    assert.ok(
      !all.some((t) => /^(Under 1 day|1–3 days|Investigating):/.test(t)),
      'the age buckets and old wording are gone',
    );
    // What Teams shows (charts drawn as charts, not their fallback tables): well under the old 45 facts.
    const teamsView = JSON.parse(JSON.stringify(card, (k, v) => (k === 'fallback' ? undefined : v)));
    assert.ok(textsOf(teamsView, { facts: true }).length <= 30, String(textsOf(teamsView, { facts: true }).length));
  });

  it('policy names are escaped in the fallback table and cut to one line in the chart', () => {
    const card = renderDigestCard(view(digestSample().alerts));
    const cells = nodesOfType(card, 'TableCell').flatMap((c) => textsOf(c));
    assert.ok(cells.includes('\\*Bold\\* \\[PCI\\](x)'), cells.join('\n'));
    const bar = nodesOfType(card, 'Chart.HorizontalBar')[0]!;
    assert.ok(!JSON.stringify(bar.data).includes('\\\\'), 'chart labels are plain text, not markdown');
  });

  it('a quiet day is a short card: the lead numbers and one line, no sections', () => {
    const card = renderDigestCard(view([scoped(alertAged(NOW, 3 * DAY, { severity: 'high' }))]));
    assert.deepEqual(validateAdaptiveCard(card), []);
    const all = textsOf(card, { facts: true });
    assert.ok(all.includes('A quiet day: no new DLP alerts and none resolved in the last 24 hours.'));
    assert.deepEqual(
      leadRows(card).map((r) => [r.number, r.label]),
      [
        ['1', 'past SLA'],
        ['1', 'unassigned high'],
        ['3 d', 'oldest open'],
      ],
    );
    assert.ok(!all.some((t) => t.startsWith('Open: ')), 'no sections');
    assert.equal(nodesOfType(card, 'Table').length + JSON.stringify(card).split('"Chart.').length - 1, 0);
  });

  it('a digest queued by the previous version (without the new numbers) still renders, leaving them out', () => {
    const d = JSON.parse(JSON.stringify(view(digestSample().alerts).digest));
    delete d.trend;
    delete d.open.bySeverity;
    delete d.open.unassignedHigh;
    delete d.open.oldest;
    const card = renderDigestCard(view([], { digest: d }));
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.deepEqual(
      leadRows(card).map((r) => [r.number, r.label, r.buttons.length]),
      [
        ['2', 'past SLA', 1],
        ['9 d 4 h', 'oldest open', 0],
      ],
    );
  });

  it('the button lists: valid, with a link to each alert’s thread when known and a way back', () => {
    const [a, b] = [digestSample().alerts[0]!.alert, digestSample().alerts[1]!.alert];
    const link = threadDeepLink({ channelId: '19:general@thread.tacv2', activityId: '1700000000001', tenantId: 't1' });
    const card = renderAlertListCard('Unassigned open alerts (2)', [a, b], NOW, 'none', {
      threadUrl: (x) => (x.id === a.id ? link : undefined),
      actions: [{ type: 'Action.Execute', title: 'Back to digest', verb: 'digest.show', data: {} }],
      i18n: new Messages().translator(),
    });
    assert.deepEqual(validateAdaptiveCard(card), []);
    const json = JSON.stringify(card);
    assert.equal(
      link,
      'https://teams.microsoft.com/l/message/19%3Ageneral%40thread.tacv2/1700000000001?tenantId=t1&parentMessageId=1700000000001',
    );
    // A card posted as a reply in its incident's thread (group=incident) links to itself under the thread's root.
    const reply = threadDeepLink({
      channelId: '19:general@thread.tacv2',
      activityId: '1700000000009',
      tenantId: 't1',
      conversationId: '19:general@thread.tacv2;messageid=1700000000001',
    });
    assert.equal(
      reply,
      'https://teams.microsoft.com/l/message/19%3Ageneral%40thread.tacv2/1700000000009?tenantId=t1&parentMessageId=1700000000001',
    );
    assert.equal(json.split('Go to thread').length - 1, 1);
    assert.ok(json.includes(link));
    assert.ok(json.includes('digest.show'));
  });

  it('durations read naturally', () => {
    assert.deepEqual(
      [20_000, 45 * 60_000, 3 * HOUR, 3 * HOUR + 20 * 60_000, 50 * HOUR, 3 * DAY].map((ms) =>
        duration(ms, new Messages().translator()),
      ),
      ['under 1 min', '45 min', '3 h', '3 h 20 min', '2 d 2 h', '3 d'],
    );
  });

  it('the sample’s digest is what the card shows (a guard on the fixture)', () => {
    const d = buildDigest(digestSample().alerts, NOW, 'Europe/Berlin', { kind: 'unrestricted' }, DEFAULT_SLA_HOURS);
    assert.deepEqual([d.open.slaBreaches.total, d.open.unassignedHigh, d.open.total], [2, 2, 5]);
  });
});
