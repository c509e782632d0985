import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AlertDelivery } from '../../../src/delivery/alert-delivery.js';
import type { CardRegistry } from '../../../src/delivery/card-registry.js';
import type { ChannelRegistry } from '../../../src/delivery/channel-registry.js';
import type { Outbox } from '../../../src/delivery/outbox.js';
import { AlertPoller } from '../../../src/ingest/alert-poller.js';
import { JournalWatermark } from '../../../src/state/file/journal-watermark.js';
import { createLogger } from '../../../src/logger.js';
import { makeDemoAlert } from '../../../src/backends/local/demo-alert-generator.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { buildSeedTenant } from '../../../src/backends/local/local-seed.js';
import { LowdbAlertStore } from '../../../src/backends/local/lowdb-alert-store.js';
import type { Clock } from '../../../src/triage/ports.js';
import { compareTimestamps } from '../../../src/triage/timestamps.js';
import { useTempDir } from '../../support/unit-temp-dir.js';
import { FileDeliveryState } from '../../support/file-delivery-state.js';
import { dlpAlertsOf } from '../../support/seed-tenant.js';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
type Raw = Record<string, unknown>;

describe('AlertPoller', () => {
  const tmp = useTempDir('alert-poller-');
  let nowMs: number;
  const clock: Clock = { now: () => new Date(nowMs) };
  let store: LowdbAlertStore;
  let outbox: Outbox;
  let cards: CardRegistry;
  let channels: ChannelRegistry;
  let delivery: AlertDelivery;
  const pollers: AlertPoller[] = [];
  let files: FileDeliveryState;
  const watermarks: JournalWatermark[] = [];

  const tenantFile = () => path.join(tmp.path, 'local-tenant.json');
  const seededIds = () => dlpAlertsOf(buildSeedTenant(new Date(NOW))).map((r) => String(r.id));
  const newestOf = (raws: Raw[]) =>
    raws.map((r) => String(r.lastUpdateDateTime)).reduce((a, b) => (compareTimestamps(a, b) >= 0 ? a : b));

  async function openPoller(): Promise<AlertPoller> {
    const repository = await JournalWatermark.open(tmp.path);
    watermarks.push(repository);
    const poller = await AlertPoller.open(repository, store, delivery, 30_000, createLogger('silent'));
    pollers.push(poller);
    return poller;
  }

  beforeEach(async () => {
    nowMs = NOW;
    store = await LowdbAlertStore.open(tenantFile(), buildSeedTenant, clock);
    files = new FileDeliveryState(tmp.path);
    outbox = await files.outbox();
    cards = await files.cards();
    channels = await files.channels();
    delivery = new AlertDelivery(outbox, cards, channels, new LocalDirectory(() => store.tenant()), clock);
  });

  afterEach(async () => {
    for (const p of pollers.splice(0)) await p.stop();
    for (const w of watermarks.splice(0)) await w.close();
    await files.close();
  });

  it('pollOnce queues every alert once and moves the watermark to the newest lastUpdateDateTime', async () => {
    await channels.register({
      channelId: 'general',
      teamId: 't',
      tenantId: 'x',
      serviceUrl: 'https://smba.example/',
      registeredAt: new Date(NOW).toISOString(),
    });
    const poller = await openPoller();
    assert.equal(poller.watermark, undefined);

    assert.equal(await poller.pollOnce(), 38);
    const items = outbox.items();
    assert.deepEqual(
      items.map((i) => i.id).sort(),
      seededIds()
        .map((id) => `post:${id}`)
        .sort(),
    );
    assert.ok(items.every((i) => i.kind === 'postAlert' && i.channelId === 'general'));
    assert.equal(poller.watermark, newestOf(dlpAlertsOf(buildSeedTenant(new Date(NOW)))));

    const again = await poller.pollOnce();
    assert.ok(again >= 1, 'the window is inclusive: the newest alert is read again');
    assert.deepEqual(outbox.items(), items, 'but nothing new is queued');
  });

  it('the watermark persists across a reopen, and only later changes are queued', async () => {
    const first = await openPoller();
    await first.pollOnce();
    const watermark = first.watermark;
    await first.stop();
    await watermarks.shift()!.close();
    const queued = outbox.items();

    const second = await openPoller();
    assert.equal(second.watermark, watermark);
    await second.pollOnce();
    assert.deepEqual(outbox.items(), queued, 'a restart re-reads at most the newest alert and queues nothing');

    nowMs = NOW + 5 * 60_000;
    const fresh = makeDemoAlert(0, new Date(nowMs), store.tenant());
    await store.addAlerts([fresh]);
    assert.equal(await second.pollOnce(), 2, 'the alert at the (inclusive) watermark and the new one');
    assert.equal(outbox.size, queued.length + 1);
    assert.ok(outbox.get(`post:${String(fresh.id)}`));
    assert.equal(second.watermark, fresh.lastUpdateDateTime);

    await second.stop();
    await watermarks.shift()!.close();
    const third = await openPoller();
    assert.equal(third.watermark, fresh.lastUpdateDateTime);
  });

  it('a hand edit in the tenant file reaches the queued post on the next poll', async () => {
    const poller = await openPoller();
    await poller.pollOnce();
    const target = seededIds()[4]!;

    nowMs = NOW + 10 * 60_000;
    const tenant = JSON.parse(await fs.readFile(tenantFile(), 'utf8')) as { alerts: Raw[] };
    tenant.alerts.find((r) => r.id === target)!.status = 'resolved';
    await fs.writeFile(tenantFile(), JSON.stringify(tenant, null, 2));
    const { mtimeMs } = await fs.stat(tenantFile());
    await fs.utimes(tenantFile(), new Date(), new Date(mtimeMs + 5_000)); // coarse file-system clocks

    await poller.pollOnce();
    const item = outbox.get(`post:${target}`);
    assert.ok(item?.kind === 'postAlert');
    assert.equal(item.alert.status, 'resolved');
    assert.equal(outbox.size, 38, 'still one item per alert');
    assert.equal(poller.watermark, new Date(nowMs).toISOString());
  });

  // BUG (src/ingest/alert-poller.ts:18 `private stopped = true` with the loop `while (cursor && !this.stopped)`):
  // a poller that was never start()ed reads only the first page of 100 and, because a cursor is left,
  // never moves its watermark — so every direct pollOnce() re-reads the same first page forever.
  it('pollOnce reads every page and moves the watermark when there are more than 100 changed alerts', async () => {
    const demos = Array.from({ length: 120 }, (_, i) =>
      makeDemoAlert(i, new Date(NOW + (i + 1) * 1_000), store.tenant()),
    );
    await store.addAlerts(demos);
    const poller = await openPoller();

    assert.equal(await poller.pollOnce(), 38 + 120);
    assert.equal(outbox.size, 38 + 120);
    assert.equal(poller.watermark, demos.at(-1)!.lastUpdateDateTime);
  });
});
