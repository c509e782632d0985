import { strict as assert } from 'node:assert';
import { renderDigestCard } from '../../../../cards/digest-card.js';
import { auId } from '../../../../src/backends/local/local-seed.js';
import type { Alert } from '../../../../src/triage/alert.js';
import type { Clock } from '../../../../src/triage/ports.js';
import { TriageError } from '../../../../src/triage/triage-error.js';
import { DAY, HOUR, alertAged } from '../../../support/digest-fixtures.js';
import {
  AVERY,
  EMMA,
  MIA,
  OLU,
  digestRig,
  subjectIn,
  type DigestRig,
} from '../../../support/digest-service-fixture.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';
import { triageError } from '../../../support/triage-errors.js';
import { who } from '../../../support/demo-access.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const clock: Clock = { now: () => NOW };
const EMEA_CHANNEL = '19:emea@thread.tacv2';
const OPEN_CHANNEL = '19:general@thread.tacv2';

async function rejects(p: Promise<unknown>, code: TriageError['code'], message: RegExp): Promise<void> {
  await assert.rejects(p, triageError(code, message));
}

describe('DigestService', () => {
  const tmp = useTempDir('digest-service-');
  let rig: DigestRig;
  let emeaNew: Alert, emeaBreach: Alert, emeaAssigned: Alert, apacNew: Alert, apacBreach: Alert, noAu: Alert;

  beforeEach(async () => {
    emeaNew = alertAged(NOW, 1 * HOUR, { subject: subjectIn('emea'), severity: 'low' });
    emeaBreach = alertAged(NOW, 6 * HOUR, { subject: subjectIn('emea'), severity: 'high' });
    emeaAssigned = alertAged(NOW, 2 * DAY, {
      subject: subjectIn('emea'),
      assignedTo: 'emma.analyst@contoso.example',
      status: 'inProgress',
    });
    apacNew = alertAged(NOW, 2 * HOUR, { subject: subjectIn('apac'), title: 'APAC secret' });
    apacBreach = alertAged(NOW, 10 * HOUR, { subject: subjectIn('apac'), severity: 'high', title: 'APAC breach' });
    noAu = alertAged(NOW, 3 * DAY, { subject: subjectIn('none'), severity: 'medium' });
    rig = await digestRig(tmp.path, clock, [emeaNew, emeaBreach, emeaAssigned, apacNew, apacBreach, noAu]);
    rig.channels.set(EMEA_CHANNEL, {
      channelName: 'DLP EMEA',
      administrativeUnits: [{ id: auId(1), displayName: 'EMEA' }],
    });
    rig.channels.set(OPEN_CHANNEL, { channelName: 'General' });
  });

  afterEach(() => rig.close());

  describe('subscribe', () => {
    it('a manager in a personal chat: 08:00 in the Teams client’s zone by default, stored durably and audited', async () => {
      const sub = await rig.service.subscribe(who(MIA), { kind: 'personal' }, { clientTimeZone: 'Europe/Berlin' });
      assert.deepEqual(
        [sub.id, sub.time, sub.timeZone, sub.since],
        [`user:${MIA.id}`, '08:00', 'Europe/Berlin', NOW.toISOString()],
      );
      assert.deepEqual(rig.subscriptions.get(sub.id)?.target, { kind: 'user', userId: MIA.id });
      assert.ok(rig.audit.records.some((r) => r.action === 'digest.subscribe' && r.outcome === 'success'));
    });

    it('an explicit time and zone win (zone spelled canonically); no zone anywhere means UTC', async () => {
      assert.deepEqual(
        await rig.service
          .subscribe(
            who(MIA),
            { kind: 'personal' },
            { time: '7:30', timeZone: 'europe/london', clientTimeZone: 'Europe/Berlin' },
          )
          .then((s) => [s.time, s.timeZone]),
        ['07:30', 'Europe/London'],
      );
      assert.equal((await rig.service.subscribe(who(MIA), { kind: 'personal' }, {})).timeZone, 'UTC');
      assert.equal(rig.subscriptions.list().length, 1, 'one subscription per person');
    });

    it('invalid times and unknown zones get a clear message; nothing is stored', async () => {
      for (const time of ['25:00', '7.30', '8am', '12:60'])
        await rejects(
          rig.service.subscribe(who(MIA), { kind: 'personal' }, { time }),
          'invalid',
          /not a time of day.*HH:MM/,
        );
      await rejects(
        rig.service.subscribe(who(MIA), { kind: 'personal' }, { timeZone: 'Mars/Olympus' }),
        'invalid',
        /not a time zone I know.*Europe\/Berlin/,
      );
      assert.equal(rig.subscriptions.list().length, 0);
    });

    it('only holders of digest.receive: Olu (no grant) and Avery (admin) are refused, and the refusal is audited', async () => {
      await rejects(rig.service.subscribe(who(OLU), { kind: 'personal' }, {}), 'forbidden', /manager role/);
      await rejects(rig.service.subscribe(who(AVERY), { kind: 'personal' }, {}), 'forbidden', /manager role/);
      assert.ok(rig.audit.records.some((r) => r.outcome === 'denied' && r.action === 'digest.receive'));
      assert.equal(rig.subscriptions.list().length, 0);
    });

    it('a channel: needs channel.manage and a registered triage channel', async () => {
      const sub = await rig.service.subscribe(
        who(AVERY),
        { kind: 'channel', channelId: EMEA_CHANNEL },
        { time: '09:15', clientTimeZone: 'Europe/Paris' },
      );
      assert.deepEqual(
        [sub.id, sub.time, sub.timeZone, sub.name],
        [`channel:${EMEA_CHANNEL}`, '09:15', 'Europe/Paris', 'DLP EMEA'],
      );
      await rejects(
        rig.service.subscribe(who(MIA), { kind: 'channel', channelId: EMEA_CHANNEL }, {}),
        'forbidden',
        /admin role/,
      );
      await rejects(
        rig.service.subscribe(who(AVERY), { kind: 'channel', channelId: '19:random@thread.tacv2' }, {}),
        'invalid',
        /not a triage channel/,
      );
    });
  });

  it('unsubscribe and settings', async () => {
    assert.equal(await rig.service.unsubscribe(who(MIA), { kind: 'personal' }), false);
    await rig.service.subscribe(who(MIA), { kind: 'personal' }, {});
    assert.equal(rig.service.settings(who(MIA), { kind: 'personal' })?.time, '08:00');
    assert.equal(await rig.service.unsubscribe(who(MIA), { kind: 'personal' }), true);
    assert.equal(rig.service.settings(who(MIA), { kind: 'personal' }), undefined);
    await rig.service.subscribe(who(AVERY), { kind: 'channel', channelId: OPEN_CHANNEL }, {});
    await rejects(
      rig.service.unsubscribe(who(MIA), { kind: 'channel', channelId: OPEN_CHANNEL }),
      'forbidden',
      /admin role/,
    );
    assert.equal(await rig.service.unsubscribe(who(AVERY), { kind: 'channel', channelId: OPEN_CHANNEL }), true);
  });

  describe('digest now', () => {
    it('a restricted manager sees only her AU: out-of-scope alerts are not counted anywhere', async () => {
      const view = await rig.service.digestNow(who(MIA), { kind: 'personal' }, 'Europe/Berlin');
      const card = JSON.stringify(renderDigestCard(view));
      const d = view.digest;
      assert.equal(d.inScope, 3);
      assert.deepEqual([d.received.last24h, d.open.total, d.open.unassigned, d.open.slaBreaches.total], [2, 3, 2, 2]);
      assert.equal(view.scopeLabel, 'AU EMEA');
      assert.equal(d.timeZone, 'Europe/Berlin');
      assert.ok(!card.includes('APAC'), 'no APAC anywhere on the card');
      assert.deepEqual(view.assigneeNames, { 'emma.analyst@contoso.example': EMMA.displayName });
    });

    it('in a channel: the channel’s scope (admins only); everything when the channel is unscoped', async () => {
      const emea = await rig.service.digestNow(who(AVERY), { kind: 'channel', channelId: EMEA_CHANNEL });
      assert.equal(emea.digest.inScope, 3);
      assert.equal(emea.channelId, EMEA_CHANNEL);
      const open = await rig.service.digestNow(who(AVERY), { kind: 'channel', channelId: OPEN_CHANNEL });
      assert.equal(open.digest.inScope, 6);
      assert.deepEqual(open.digest.byUnit.map((u) => u.unit).sort(), ['APAC', 'EMEA', 'No administrative unit']);
    });

    it('the Defender link comes from the alerts’ own portal host and tenant', async () => {
      rig.store.alerts[0] = {
        ...emeaNew,
        portalUrl: 'https://security.microsoft.us/alerts/x?tid=abc',
        tenantId: 'abc',
      };
      const view = await rig.service.digestNow(who(MIA), { kind: 'personal' });
      assert.equal(view.defenderUrl, 'https://security.microsoft.us/alerts?tid=abc');
    });
  });

  describe('the lists behind the buttons', () => {
    it('unassigned: only what the clicker may see, highest severity first, then oldest', async () => {
      assert.deepEqual(
        (await rig.service.list(who(MIA), 'unassigned')).map((a) => a.id),
        [emeaBreach.id, emeaNew.id],
      );
      assert.deepEqual(
        (await rig.service.list(who(AVERY), 'unassigned')).map((a) => a.id),
        [apacBreach.id, emeaBreach.id, noAu.id, apacNew.id, emeaNew.id],
      );
    });

    it('SLA breaches, most overdue first; a channel digest’s buttons keep to the channel’s scope', async () => {
      assert.deepEqual(
        (await rig.service.list(who(AVERY), 'slaBreaches')).map((a) => a.id),
        [noAu.id, emeaAssigned.id, apacBreach.id, emeaBreach.id],
      );
      assert.deepEqual(
        (await rig.service.list(who(AVERY), 'slaBreaches', EMEA_CHANNEL)).map((a) => a.id),
        [emeaAssigned.id, emeaBreach.id],
      );
      assert.deepEqual(
        (await rig.service.list(who(MIA), 'slaBreaches', OPEN_CHANNEL)).map((a) => a.id),
        [emeaAssigned.id, emeaBreach.id],
        'never wider than the clicker',
      );
    });

    it('someone who may see no alert is refused', async () => {
      await rejects(rig.service.list(who(OLU), 'unassigned'), 'forbidden', /viewer role/);
    });
  });

  describe('deliver (what the scheduler calls)', () => {
    it('persists the local date before queueing the card, and sends once per date', async () => {
      const sub = await rig.service.subscribe(who(MIA), { kind: 'personal' }, { clientTimeZone: 'Europe/Berlin' });
      const persistedWhenQueued: (string | undefined)[] = [];
      rig.notifier.onSend = () => persistedWhenQueued.push(rig.subscriptions.get(sub.id)?.lastSentDate);
      assert.deepEqual(await rig.service.deliver(sub.id, '2026-03-10'), { outcome: 'sent' });
      assert.deepEqual(persistedWhenQueued, ['2026-03-10']);
      assert.deepEqual(await rig.service.deliver(sub.id, '2026-03-10'), { outcome: 'already-sent' });
      assert.equal(rig.notifier.sent.length, 1);
      assert.equal(rig.notifier.sent[0]!.to, MIA.id);
      const { notice } = rig.notifier.sent[0]!;
      assert.deepEqual(Object.keys(notice), ['payload'], 'a value to render, no card JSON');
      assert.equal(notice.payload!.kind, 'digest');
      assert.equal(notice.payload!.view.digest.inScope, 3, 'scoped to Mia');
      assert.equal(renderDigestCard(notice.payload!.view).version, '1.5');
    });

    it('a subscriber who lost digest.receive gets nothing (the day is marked); a removed one is gone', async () => {
      const sub = await rig.service.subscribe(who(MIA), { kind: 'personal' }, {});
      rig.policy = { grants: rig.policy.grants.filter((g) => !g.roles.includes('manager')) };
      assert.equal((await rig.service.deliver(sub.id, '2026-03-10')).outcome, 'skipped');
      assert.equal(rig.subscriptions.get(sub.id)?.lastSentDate, '2026-03-10');
      assert.equal(rig.notifier.sent.length, 0);
      assert.deepEqual(await rig.service.deliver('user:nobody', '2026-03-10'), { outcome: 'gone' });
    });

    it('scheduled digests due together share one read of the alerts; a command reads afresh', async () => {
      let pagesRead = 0;
      const read = rig.store.listChangedSince.bind(rig.store);
      rig.store.listChangedSince = (since, cursor) => (pagesRead++, read(since, cursor));
      const mia = await rig.service.subscribe(who(MIA), { kind: 'personal' }, {});
      const channel = await rig.service.subscribe(who(AVERY), { kind: 'channel', channelId: OPEN_CHANNEL }, {});
      await rig.service.deliver(mia.id, '2026-03-10');
      await rig.service.deliver(channel.id, '2026-03-10');
      assert.equal(pagesRead, 1);
      assert.equal(rig.notifier.sent.length, 2);
      await rig.service.digestNow(who(MIA), { kind: 'personal' });
      assert.equal(pagesRead, 2);
    });

    it('a channel digest is posted in the channel with the channel’s scope; an unregistered channel is skipped', async () => {
      const sub = await rig.service.subscribe(who(AVERY), { kind: 'channel', channelId: EMEA_CHANNEL }, {});
      assert.equal((await rig.service.deliver(sub.id, '2026-03-10')).outcome, 'sent');
      assert.deepEqual(
        rig.notifier.sent.map((s) => [s.kind, s.to]),
        [['channel', EMEA_CHANNEL]],
      );
      const payload = rig.notifier.sent[0]!.notice.payload;
      assert.equal(payload?.kind === 'digest' && payload.view.digest.inScope, 3);
      rig.channels.delete(EMEA_CHANNEL);
      assert.equal((await rig.service.deliver(sub.id, '2026-03-11')).outcome, 'skipped');
    });
  });
});
