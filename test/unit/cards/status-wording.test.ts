import { Messages } from '../../../src/i18n/messages.js';
import { strict as assert } from 'node:assert';
import { renderAlertCard } from '../../../cards/alert-card.js';
import { renderAlertListCard } from '../../../cards/alert-list-card.js';
import { CARD_VERBS, type CardVerb } from '../../../cards/card-verbs.js';
import { renderDigestCard } from '../../../cards/digest-card.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { buildSeedTenant } from '../../../src/backends/local/local-seed.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import { STATUSES, type Alert } from '../../../src/triage/alert.js';
import { STATUS_LABEL } from '../../../src/triage/alert-labels.js';
import { AlertUpdates } from '../../../src/triage/alert-updates.js';
import { buildDigest } from '../../../src/triage/digest/digest.js';
import { DEFAULT_SLA_HOURS } from '../../../src/triage/digest/digest-rules.js';
import type { AlertNotifier } from '../../../src/triage/ports.js';
import { factsOf } from '../../support/card-facts.js';
import { nodes, textsOf } from '../../support/card-tree.js';
import { alertWith } from '../../support/alerts.js';
import { MemoryAudit, alertAged, scoped } from '../../support/digest-fixtures.js';
import { AVERY } from '../../support/digest-service-fixture.js';
import { demoPolicy, who } from '../../support/demo-access.js';
import { MemoryAlertStore } from '../../support/memory-alert-store.js';

/*
 * One name per status everywhere: the alert card (fact and status choices), the alert lists, the digest
 * and the replies in the alert's thread all render a status, and all must say the same words.
 */

const NOW = new Date('2026-03-10T12:00:00.000Z');
const WORDS = { new: 'New', inProgress: 'In progress', resolved: 'Resolved' } as const;

const cardStatus = (alert: Alert) =>
  factsOf(
    renderAlertCard(alert, { actions: new Set<CardVerb>(CARD_VERBS), now: NOW, i18n: new Messages().translator() }),
  ).Status;
const choiceTitle = (value: string) => {
  const card = renderAlertCard(alertWith('dl-w'), {
    actions: new Set<CardVerb>(CARD_VERBS),
    now: NOW,
    i18n: new Messages().translator(),
  });
  const choices = nodes(card).find((n) => n.id === 'status')?.choices as { title: string; value: string }[];
  return choices.find((c) => c.value === value)?.title;
};
const listStatus = (alert: Alert) => {
  const line = textsOf(renderAlertListCard('Alerts', [alert], NOW, 'none', { i18n: new Messages().translator() })).find(
    (t) => t.includes(' · detected '),
  );
  return line?.split(' · ')[0];
};

describe('status wording: one name per status on the card, in lists, in the digest and in the thread', () => {
  it('the labels are the agreed names', () => {
    assert.deepEqual(
      STATUSES.map((s) => STATUS_LABEL[s]),
      STATUSES.map((s) => WORDS[s]),
    );
  });

  for (const status of STATUSES) {
    it(`${status}: the card's fact, its status choice and the list line say "${WORDS[status]}"`, () => {
      const alert = alertWith('dl-w', { status });
      assert.equal(cardStatus(alert), WORDS[status]);
      assert.equal(choiceTitle(status), WORDS[status]);
      assert.equal(listStatus(alert), WORDS[status]);
    });
  }

  it('the digest counts open alerts under the same names', () => {
    const alerts = [alertAged(NOW, 3_600_000, { status: 'new' }), alertAged(NOW, 7_200_000, { status: 'inProgress' })];
    const card = renderDigestCard({
      digest: buildDigest(
        alerts.map((a) => scoped(a)),
        NOW,
        'UTC',
        { kind: 'unrestricted' },
      ),
      scopeLabel: 'all administrative units',
      assigneeNames: {},
      defenderUrl: 'https://security.microsoft.com/alerts',
      sla: DEFAULT_SLA_HOURS,
    });
    const texts = textsOf(card, { facts: true });
    assert.ok(texts.includes(`${WORDS.new}: 1`), texts.join('\n'));
    assert.ok(texts.includes(`${WORDS.inProgress}: 1`), texts.join('\n'));
    assert.ok(!texts.some((t) => /Investigating|Active/.test(t)), texts.join('\n'));
  });

  it('the thread replies and comments of status changes use the same names, in a sentence', async () => {
    const tenant = buildSeedTenant(NOW);
    const directory = new LocalDirectory(() => tenant);
    const audit = new MemoryAudit();
    const store = new MemoryAlertStore(tenant.alerts, { now: () => NOW }, 1000);
    const seeded = (await store.listChangedSince(undefined, undefined)).alerts.find((a) => a.status === 'new')!;
    const notifier: AlertNotifier = {
      alertChanged: async () => undefined,
      postInThread: async () => undefined,
      sendToUser: async () => undefined,
      postToChannel: async () => undefined,
    };
    const updates = new AlertUpdates(
      store,
      directory,
      new AccessService(directory, demoPolicy, audit),
      audit,
      notifier,
      {
        now: () => NOW,
      },
    );
    const set = async (status: 'new' | 'inProgress' | 'resolved', comment?: string) => {
      const current = (await store.get(seeded.id))!;
      return updates.setStatus(who(AVERY), { alertId: seeded.id, version: current.lastUpdatedAt, status, comment });
    };
    assert.equal((await set('inProgress')).message, 'Status set to in progress.');
    assert.equal((await set('inProgress')).message, 'The alert is already in progress.');
    assert.equal((await set('resolved', 'Handled')).message, 'Status set to resolved.');
    assert.equal((await set('new')).message, 'Reopened as new.');
    const comments = (await store.get(seeded.id))!.comments.map((c) => c.text);
    assert.ok(
      comments.some((c) => c.endsWith('set the status to in progress')),
      comments.join('\n'),
    );
    assert.ok(
      comments.some((c) => c.endsWith('reopened the alert as new')),
      comments.join('\n'),
    );
  });
});
