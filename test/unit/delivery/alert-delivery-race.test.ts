import { strict as assert } from 'node:assert';
import { AlertDelivery } from '../../../src/delivery/alert-delivery.js';
import { mapGraphAlert } from '../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { buildSeedTenant } from '../../../src/backends/local/local-seed.js';
import type { AdministrativeUnit, Directory } from '../../../src/triage/ports.js';
import { systemClock } from '../../../src/triage/ports.js';
import { useTempDir } from '../../support/unit-temp-dir.js';
import { FileDeliveryState } from '../../support/file-delivery-state.js';

const tenant = buildSeedTenant(new Date('2026-03-10T12:00:00.000Z'));

/** A directory that answers like Graph: a few milliseconds per lookup. */
class SlowDirectory extends LocalDirectory implements Directory {
  override async administrativeUnitsOf(userId: string): Promise<AdministrativeUnit[]> {
    await new Promise((r) => setTimeout(r, 5));
    return super.administrativeUnitsOf(userId);
  }
}

describe('AlertDelivery with a slow directory (the Graph backend)', () => {
  const tmp = useTempDir('alert-delivery-race-');

  // Found with ALERT_BACKEND=graph: a poll routed its alerts before the team was installed, the install
  // checked the parked backlog before that poll had stored them, and they stayed parked.
  it('a channel registered while a publish is routing still gets every alert of that publish', async () => {
    const files = new FileDeliveryState(tmp.path);
    const outbox = await files.outbox();
    const cards = await files.cards();
    const channels = await files.channels();
    const delivery = new AlertDelivery(outbox, cards, channels, new SlowDirectory(() => tenant), systemClock);
    const routing: Promise<number>[] = [];
    channels.onChange(() => routing.push(delivery.routeParked()));
    try {
      const alerts = tenant.alerts.slice(0, 10).map((r) => mapGraphAlert(r));
      const publishing = delivery.publish(alerts);
      await new Promise((r) => setTimeout(r, 12));
      await channels.register({
        channelId: 'general',
        teamId: 't',
        tenantId: tenant.tenantId,
        serviceUrl: 'https://smba.example/',
        channelName: 'General',
        registeredAt: new Date().toISOString(),
      });
      await publishing;
      await Promise.all(routing);
      const parked = outbox.items().filter((i) => i.kind === 'postAlert' && i.channelId === null);
      assert.deepEqual(
        parked.map((i) => i.id),
        [],
        'nothing left parked',
      );
      assert.equal(outbox.size, alerts.length);
    } finally {
      await files.close();
    }
  });
});
