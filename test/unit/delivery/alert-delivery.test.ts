import { strict as assert } from 'node:assert';
import { AlertDelivery } from '../../../src/delivery/alert-delivery.js';
import type { CardRegistry } from '../../../src/delivery/card-registry.js';
import type { ChannelRegistry, TriageChannel } from '../../../src/delivery/channel-registry.js';
import type { Outbox, OutboxItem } from '../../../src/delivery/outbox.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { graphTime } from '../../../src/backends/local/local-seed.js';
import type { Alert } from '../../../src/triage/alert.js';
import type { Clock } from '../../../src/triage/ports.js';
import { parseRouteConditions } from '../../../src/triage/routing.js';
import { useTempDir } from '../../support/unit-temp-dir.js';
import { FileDeliveryState } from '../../support/file-delivery-state.js';
import { SeedAlerts } from '../../support/seed-tenant.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const seed = new SeedAlerts(NOW);
const { tenant, alerts: seedAlerts } = seed;
const ausOf = (a: Alert) => seed.unitsOf(a);
/** The first seeded alert that satisfies `pred` (fails loudly if the seed has none). */
const seeded = (what: string, pred: (a: Alert) => boolean): Alert => seed.find(what, pred);

const channel = (channelId: string, name = channelId): Omit<TriageChannel, 'isDefault'> => ({
  channelId,
  teamId: 'team-1',
  tenantId: tenant.tenantId,
  serviceUrl: 'https://smba.example/emea/',
  channelName: name,
  registeredAt: NOW.toISOString(),
});

/** The same alert, `minutes` later (Graph-style 7-digit timestamp). */
const later = (a: Alert, minutes: number, extra: Partial<Alert> = {}): Alert => ({
  ...a,
  ...extra,
  lastUpdatedAt: graphTime(Date.parse(a.lastUpdatedAt) + minutes * 60_000, 1234),
});

const rule = (text: string, channelId: string) => ({ conditions: parseRouteConditions(text), channelId, text });
const unit = (name: string) => {
  const au = tenant.directory.administrativeUnits.find((u) => u.displayName === name);
  assert.ok(au, `the seed has the ${name} administrative unit`);
  return { id: au.id, displayName: au.displayName };
};

const postOf = (outbox: Outbox, a: Alert) =>
  outbox.get(`post:${a.id}`) as Extract<OutboxItem, { kind: 'postAlert' }> | undefined;

describe('AlertDelivery', () => {
  const tmp = useTempDir('alert-delivery-');
  let outbox: Outbox;
  let cards: CardRegistry;
  let channels: ChannelRegistry;
  let delivery: AlertDelivery;
  let files: FileDeliveryState;
  let nowMs: number;
  const clock: Clock = { now: () => new Date(nowMs) };

  async function openAll(): Promise<void> {
    files = new FileDeliveryState(tmp.path);
    outbox = await files.outbox();
    cards = await files.cards();
    channels = await files.channels();
    delivery = new AlertDelivery(outbox, cards, channels, new LocalDirectory(() => tenant), clock);
  }
  async function closeAll(): Promise<void> {
    await files.close();
  }

  beforeEach(async () => {
    nowMs = NOW.getTime();
    await openAll();
  });
  afterEach(closeAll);

  it('a new alert with no triage channel is parked, then routed once a channel registers', async () => {
    const a = seedAlerts[0]!;
    await delivery.publish([a]);
    assert.equal(outbox.size, 1);
    const parked = postOf(outbox, a)!;
    assert.equal(parked.kind, 'postAlert');
    assert.equal(parked.channelId, null);
    assert.equal(parked.enqueuedAt, NOW.getTime());
    assert.equal(parked.attempts, 0);
    assert.equal(await delivery.routeParked(), 0, 'still nowhere to go');

    await channels.register(channel('general'));
    assert.equal(await delivery.routeParked(), 1);
    assert.equal(postOf(outbox, a)!.channelId, 'general');
    assert.equal(postOf(outbox, a)!.seq, parked.seq, 'keeps its place in line');
    assert.equal(await delivery.routeParked(), 0, 'routed only once');

    await closeAll();
    await openAll();
    assert.equal(postOf(outbox, a)!.channelId, 'general', 'the routing is durable');
  });

  it('every seeded alert is queued once, in publish order, and publishing the same versions again adds nothing', async () => {
    await channels.register(channel('general'));
    await delivery.publish(seedAlerts);
    const first = outbox.items();
    assert.deepEqual(
      first.map((i) => i.id),
      seedAlerts.map((a) => `post:${a.id}`),
    );
    assert.ok(first.every((i) => i.kind === 'postAlert' && i.channelId === 'general'));

    await delivery.publish(seedAlerts);
    await delivery.publish([seedAlerts[3]!]);
    assert.deepEqual(outbox.items(), first, 'same items, same seq, same snapshots');
  });

  it('a newer version of a pending post replaces its snapshot in place; an older one is ignored', async () => {
    await channels.register(channel('general'));
    const [a, b] = [seedAlerts[0]!, seedAlerts[1]!];
    await delivery.publish([a, b]);
    const original = postOf(outbox, a)!;

    const v2 = later(a, 5, { status: 'inProgress' });
    nowMs += 60_000;
    await delivery.publish([v2]);
    const replaced = postOf(outbox, a)!;
    assert.equal(outbox.size, 2);
    assert.equal(replaced.seq, original.seq, 'same place in line (still before b)');
    assert.equal(replaced.enqueuedAt, original.enqueuedAt, 'age counts from the first enqueue');
    assert.equal(replaced.channelId, 'general');
    assert.equal(replaced.alert.lastUpdatedAt, v2.lastUpdatedAt);
    assert.equal(replaced.alert.status, 'inProgress');

    await delivery.publish([a]); // a late re-read of the old version
    assert.equal(postOf(outbox, a)!.alert.lastUpdatedAt, v2.lastUpdatedAt);
    assert.deepEqual(
      outbox.items().map((i) => i.id),
      [`post:${a.id}`, `post:${b.id}`],
    );
  });

  it('a pending post that is parked stays parked when its snapshot is replaced', async () => {
    const a = seedAlerts[0]!;
    await delivery.publish([a]);
    await delivery.publish([later(a, 1)]);
    assert.equal(postOf(outbox, a)!.channelId, null);
  });

  it('sub-millisecond version differences count (7-digit Graph timestamps)', async () => {
    await channels.register(channel('general'));
    const a = { ...seedAlerts[0]!, lastUpdatedAt: '2026-03-10T09:00:00.1230000Z' };
    await delivery.publish([a]);
    await delivery.publish([{ ...a, lastUpdatedAt: '2026-03-10T09:00:00.1230001Z', title: 'newer' }]);
    assert.equal(postOf(outbox, a)!.alert.title, 'newer');
  });

  it('a posted card gets one update item for a newer version; later versions collapse into it', async () => {
    await channels.register(channel('general'));
    const a = seedAlerts[2]!;
    await cards.save({
      alertId: a.id,
      channelId: 'general',
      tenantId: tenant.tenantId,
      serviceUrl: 'https://smba.example/emea/',
      conversationId: 'general;messageid=1001',
      activityId: '1001',
      version: a.lastUpdatedAt,
    });

    await delivery.publish([a]);
    assert.equal(outbox.size, 0, 'the card already shows this version');

    const v2 = later(a, 1, { assignedTo: 'sam.analyst@contoso.example' });
    await delivery.publish([v2]);
    assert.equal(outbox.size, 1);
    const update = outbox.get(`update:${a.id}`)!;
    assert.equal(update.kind, 'updateAlert');
    assert.equal(outbox.get(`post:${a.id}`), undefined, 'never a second thread');

    const v3 = later(a, 2, { status: 'resolved' });
    await delivery.publish([v3]);
    await delivery.publish([v2]); // out of order re-read
    assert.equal(outbox.size, 1);
    const collapsed = outbox.get(`update:${a.id}`)!;
    assert.equal(collapsed.seq, update.seq);
    assert.equal(collapsed.kind === 'updateAlert' && collapsed.alert.lastUpdatedAt, v3.lastUpdatedAt);
  });

  it('an alert older than its posted card queues nothing', async () => {
    const a = seedAlerts[2]!;
    await cards.save({
      alertId: a.id,
      channelId: 'general',
      tenantId: tenant.tenantId,
      serviceUrl: 'https://smba.example/',
      conversationId: 'general;messageid=1',
      activityId: '1',
      version: later(a, 10).lastUpdatedAt,
    });
    await delivery.publish([a, later(a, 9)]);
    assert.equal(outbox.size, 0);
  });

  describe('routing', () => {
    const emeaLow = seeded(
      'a low/informational alert of an EMEA user',
      (a) => ausOf(a).includes('EMEA') && (a.severity === 'low' || a.severity === 'informational'),
    );
    const emeaHigh = seeded('a high alert of an EMEA user', (a) => ausOf(a).includes('EMEA') && a.severity === 'high');
    const americasHigh = seeded(
      'a high alert of an Americas user',
      (a) => ausOf(a).includes('Americas') && a.severity === 'high',
    );
    const apacLow = seeded('a low alert of an APAC user', (a) => ausOf(a).includes('APAC') && a.severity === 'low');
    const noAu = seeded('an alert of a user in no AU', (a) => ausOf(a).length === 0 && a.severity !== 'high');

    it('the first matching rule wins (AU matched case-insensitively); no match goes to the default', async () => {
      await channels.register(channel('general'), true);
      await channels.register(channel('emea-triage'));
      await channels.register(channel('high-triage'));
      await channels.setRoutes([rule('au=emea', 'emea-triage'), rule('severity>=high', 'high-triage')]);
      assert.equal(channels.defaultChannel()?.channelId, 'general', 'later channels do not steal the default');

      await delivery.publish([emeaLow, emeaHigh, americasHigh, apacLow, noAu]);
      assert.equal(postOf(outbox, emeaLow)!.channelId, 'emea-triage');
      assert.equal(postOf(outbox, emeaHigh)!.channelId, 'emea-triage', 'rule 1 wins over rule 2');
      assert.equal(postOf(outbox, americasHigh)!.channelId, 'high-triage');
      assert.equal(postOf(outbox, apacLow)!.channelId, 'general');
      assert.equal(postOf(outbox, noAu)!.channelId, 'general');
    });

    it('an alert without a subject id never matches an AU rule and falls back to the default', async () => {
      await channels.register(channel('general'), true);
      await channels.register(channel('emea-triage'));
      await channels.setRoutes([rule('au=EMEA', 'emea-triage')]);
      const anonymous: Alert = {
        ...emeaLow,
        id: 'dl-anonymous',
        subject: { userPrincipalName: 'someone@contoso.example' },
      };
      await delivery.publish([anonymous]);
      assert.equal(postOf(outbox, anonymous)!.channelId, 'general');
    });

    it('a rule whose channel is not registered is skipped', async () => {
      await channels.register(channel('general'), true);
      await channels.register(channel('high-triage'));
      await channels.setRoutes([rule('au=EMEA', 'gone-channel'), rule('severity>=high', 'high-triage')]);
      await delivery.publish([emeaHigh, emeaLow]);
      assert.equal(postOf(outbox, emeaHigh)!.channelId, 'high-triage', 'the next matching rule applies');
      assert.equal(postOf(outbox, emeaLow)!.channelId, 'general', 'or the default');
    });

    it('a channel scoped to an AU only takes alerts of that AU, even as the default or a rule target', async () => {
      await channels.register({ ...channel('emea-only'), administrativeUnits: [unit('EMEA')] }, true);
      await channels.setRoutes([rule('severity>=informational', 'emea-only')]);
      await delivery.publish([emeaLow, americasHigh, noAu]);
      assert.equal(postOf(outbox, emeaLow)!.channelId, 'emea-only');
      assert.equal(postOf(outbox, americasHigh)!.channelId, null, 'out of scope: it waits');
      assert.equal(postOf(outbox, noAu)!.channelId, null);

      await channels.register(channel('everything'), true);
      assert.equal(await delivery.routeParked(), 2);
      assert.equal(postOf(outbox, americasHigh)!.channelId, 'everything');
      assert.equal(postOf(outbox, noAu)!.channelId, 'everything');
    });

    it('without a matching rule or a usable default, a channel scoped to the alert’s AU takes it', async () => {
      await channels.register({ ...channel('apac-only'), administrativeUnits: [unit('APAC')] }, true);
      await channels.register({ ...channel('emea-only'), administrativeUnits: [unit('EMEA')] });
      await delivery.publish([emeaLow, apacLow, americasHigh]);
      assert.equal(postOf(outbox, apacLow)!.channelId, 'apac-only');
      assert.equal(postOf(outbox, emeaLow)!.channelId, 'emea-only');
      assert.equal(postOf(outbox, americasHigh)!.channelId, null);
    });

    it('an alert without a resolvable subject never goes to an AU-scoped channel', async () => {
      await channels.register({ ...channel('emea-only'), administrativeUnits: [unit('EMEA')] }, true);
      const anonymous: Alert = {
        ...emeaLow,
        id: 'dl-anonymous',
        subject: { userPrincipalName: 'someone@contoso.example' },
      };
      await delivery.publish([anonymous]);
      assert.equal(postOf(outbox, anonymous)!.channelId, null);
    });

    it('parked alerts are routed by rules added later', async () => {
      await delivery.publish([emeaLow, americasHigh]);
      assert.deepEqual(
        outbox.items().map((i) => i.kind === 'postAlert' && i.channelId),
        [null, null],
      );
      await channels.register(channel('emea-triage'));
      await channels.setRoutes([rule('au=EMEA', 'emea-triage')]);
      // The rule's channel became the default too (it was the first channel), so both go somewhere now.
      assert.equal(await delivery.routeParked(), 2);
      assert.equal(postOf(outbox, emeaLow)!.channelId, 'emea-triage');
      assert.equal(postOf(outbox, americasHigh)!.channelId, 'emea-triage');
    });
  });

  it('the queue order continues after a reopen', async () => {
    await channels.register(channel('general'));
    await delivery.publish(seedAlerts.slice(0, 3));
    const maxSeq = Math.max(...outbox.items().map((i) => i.seq));
    await closeAll();
    await openAll();
    await delivery.publish([seedAlerts[3]!]);
    assert.ok(postOf(outbox, seedAlerts[3]!)!.seq > maxSeq);
    assert.deepEqual(
      outbox.items().map((i) => i.id),
      seedAlerts.slice(0, 4).map((a) => `post:${a.id}`),
    );
  });
});
