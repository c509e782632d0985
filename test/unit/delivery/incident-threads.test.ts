import { strict as assert } from 'node:assert';
import { AlertDelivery } from '../../../src/delivery/alert-delivery.js';
import type { CardRegistry } from '../../../src/delivery/card-registry.js';
import type { ChannelRegistry, TriageChannel } from '../../../src/delivery/channel-registry.js';
import type { Outbox, OutboxItem } from '../../../src/delivery/outbox.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import type { Alert } from '../../../src/triage/alert.js';
import { takeGrouping } from '../../../src/triage/route-grouping.js';
import { parseRouteConditions } from '../../../src/triage/routing.js';
import { TriageError } from '../../../src/triage/triage-error.js';
import { FileDeliveryState } from '../../support/file-delivery-state.js';
import { SeedAlerts } from '../../support/seed-tenant.js';
import { useTempDir } from '../../support/unit-temp-dir.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const seed = new SeedAlerts(NOW);
const dlp = seed.alerts.filter((a) => a.source === 'dataLossPrevention');
/** The DLP alerts of the first incident that has several. */
const incident = dlp.filter(
  (a) => a.incidentId === dlp.find((b) => dlp.some((c) => c !== b && c.incidentId === b.incidentId))!.incidentId,
);

const channel = (channelId: string): Omit<TriageChannel, 'isDefault'> => ({
  channelId,
  teamId: 'team-1',
  tenantId: seed.tenant.tenantId,
  serviceUrl: 'https://smba.example/emea/',
  registeredAt: NOW.toISOString(),
});
type Post = Extract<OutboxItem, { kind: 'postAlert' }>;

describe('route option group=incident', () => {
  it('takeGrouping takes group=incident / group=alert out of the text; anything else is refused', () => {
    assert.deepEqual(takeGrouping('severity>=high group=incident au=EMEA'), {
      rest: 'severity>=high au=EMEA',
      group: 'incident',
    });
    assert.deepEqual(takeGrouping('group=incident policy="PCI" GROUP=alert'), {
      rest: 'policy="PCI"',
      group: undefined,
    });
    assert.deepEqual(takeGrouping('severity>=high'), { rest: 'severity>=high', group: undefined });
    assert.throws(
      () => takeGrouping('severity>=high group=user'),
      (e) => e instanceof TriageError && e.code === 'invalid' && /group=incident/.test(e.message),
    );
  });
});

describe('AlertDelivery with one thread per incident', () => {
  const tmp = useTempDir('incident-threads-');
  let files: FileDeliveryState;
  let outbox: Outbox;
  let cards: CardRegistry;
  let channels: ChannelRegistry;
  let delivery: AlertDelivery;
  beforeEach(async () => {
    files = new FileDeliveryState(tmp.path);
    [outbox, cards, channels] = [await files.outbox(), await files.cards(), await files.channels()];
    delivery = new AlertDelivery(outbox, cards, channels, new LocalDirectory(() => seed.tenant), { now: () => NOW });
  });
  afterEach(() => files.close());

  const post = (a: Alert) => outbox.get(`post:${a.id}`) as Post | undefined;

  it('by default every alert opens its own thread', async () => {
    await channels.register(channel('general'));
    await delivery.publish(incident);
    assert.ok(incident.every((a) => post(a)?.inThreadOf === undefined));
  });

  it('a rule with group=incident: the first alert of the incident opens the thread, the others reply in it', async () => {
    assert.ok(incident.length >= 2, 'the seed has an incident with several DLP alerts');
    await channels.register(channel('general'));
    await channels.register(channel('incidents'));
    const { rest, group } = takeGrouping(`policy="${incident[0]!.policyName}" group=incident`);
    await channels.setRoutes([{ conditions: parseRouteConditions(rest), channelId: 'incidents', text: rest, group }]);
    await delivery.publish(incident);
    const [first, ...others] = incident.filter((a) => post(a)?.channelId === 'incidents');
    assert.ok(first && others.length >= 1, 'the rule took several alerts of the incident');
    assert.equal(post(first)!.inThreadOf, undefined);
    for (const a of others) assert.equal(post(a)!.inThreadOf, first.id, `${a.id} replies in the incident's thread`);
  });

  it('a channel registered with group=incident groups parked alerts once it exists, and after the thread is posted', async () => {
    const [first, second, ...rest] = incident;
    await delivery.publish([first!, second!]);
    assert.equal(post(first!)!.channelId, null, 'parked');
    await channels.register({ ...channel('general'), group: 'incident' });
    await delivery.routeParked();
    assert.equal(post(first!)!.inThreadOf, undefined);
    assert.equal(post(second!)!.inThreadOf, first!.id);
    // The thread is posted; a later alert of the incident finds it through the posted card.
    await outbox.remove(`post:${first!.id}`);
    await cards.save({
      alertId: first!.id,
      channelId: 'general',
      tenantId: seed.tenant.tenantId,
      serviceUrl: 'https://smba.example/emea/',
      conversationId: 'general;messageid=1',
      activityId: '1',
      version: first!.lastUpdatedAt,
      incidentId: first!.incidentId,
    });
    const late = { ...first!, id: 'late-alert', lastUpdatedAt: NOW.toISOString() };
    await delivery.publish([late, ...rest]);
    assert.equal(post(late)!.inThreadOf, first!.id);
  });
});
