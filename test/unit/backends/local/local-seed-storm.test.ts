import { strict as assert } from 'node:assert';
import { openLocalBackend } from '../../../../src/backends/local/local-backend.js';
import { buildSeedTenant } from '../../../../src/backends/local/local-seed.js';
import { loadConfig } from '../../../../src/config.js';
import { AlertDelivery } from '../../../../src/delivery/alert-delivery.js';
import { LocalDirectory } from '../../../../src/backends/local/local-directory.js';
import { createLogger } from '../../../../src/logger.js';
import { FileDeliveryState } from '../../../support/file-delivery-state.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');

describe('the local seed storm (LOCAL_SEED_STORM)', () => {
  const dir = useTempDir('dlp-seed-storm-');

  it('is off by default: the seed has no storm', async () => {
    const backend = await openLocalBackend(loadConfig({ DATA_DIR: dir.path }), {
      dataDir: dir.path,
      clock: { now: () => NOW },
      log: createLogger('silent'),
    });
    assert.equal(backend.localStore.tenant().alerts.length, buildSeedTenant(NOW).alerts.length);
  });

  it('adds 24 matches of one policy by one user within 8 minutes, which fold into one storm card', async () => {
    const backend = await openLocalBackend(loadConfig({ DATA_DIR: dir.path, LOCAL_SEED_STORM: 'true' }), {
      dataDir: dir.path,
      clock: { now: () => NOW },
      log: createLogger('silent'),
    });
    const { alerts } = await backend.alerts.listChangedSince(undefined);
    const plain = buildSeedTenant(NOW).alerts.length;
    assert.equal(backend.localStore.tenant().alerts.length, plain + 24, 'every storm alert is in the tenant file');
    const key = (a: (typeof alerts)[number]) => `${a.subject?.id} ${a.policyName}`;
    const counts = new Map<string, number>();
    for (const a of alerts) counts.set(key(a), (counts.get(key(a)) ?? 0) + 1);
    const [stormKey, size] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    assert.ok(size >= 24, `one user and policy has ${size} alerts`);
    const times = alerts.filter((a) => key(a) === stormKey).map((a) => Date.parse(a.createdAt));
    times.sort((a, b) => a - b);
    const burst = times.slice(-24);
    assert.ok(burst.at(-1)! - burst[0]! <= 8 * 60_000, 'within 8 minutes');
    assert.match(stormKey, /Contoso PCI/);

    // Delivered with the default storm settings: 5 threads, and a storm card for the other 19.
    const files = new FileDeliveryState(dir.path);
    try {
      const [outbox, cards, channels] = [await files.outbox(), await files.cards(), await files.channels()];
      const storms = await files.storms({ threshold: 5, windowMs: 10 * 60_000 });
      const tenant = () => backend.localStore.tenant();
      const delivery = new AlertDelivery(
        outbox,
        cards,
        channels,
        new LocalDirectory(tenant),
        { now: () => NOW },
        { storms },
      );
      await channels.register({
        channelId: 'general',
        teamId: 'team',
        tenantId: tenant().tenantId,
        serviceUrl: 'https://smba.example/',
        registeredAt: NOW.toISOString(),
      });
      await delivery.publish(alerts);
      const stormPosts = outbox.items().filter((i) => i.kind === 'postStorm');
      assert.equal(stormPosts.length, 1, 'one storm card');
      assert.equal(storms.membersOf(stormPosts[0]!.kind === 'postStorm' ? stormPosts[0]!.stormId : '').length, 19);
      assert.equal(outbox.items().filter((i) => i.kind === 'postAlert').length, alerts.length - 19);
    } finally {
      await files.close();
    }
  });
});
