import type { ChannelCandidate } from '../../src/delivery/channel-admin.js';
import type { ChannelRegistry } from '../../src/delivery/channel-registry.js';
import { covers } from '../../src/triage/access/access-decision.js';
import type { AccessService } from '../../src/triage/access/access-service.js';
import type { Alert } from '../../src/triage/alert.js';
import { TriageError } from '../../src/triage/triage-error.js';

/**
 * Everyone in a channel reads what the bot answers there, so a channel bound to administrative units
 * may only be told about alerts inside them, whoever asks.
 */
export class ChannelScope {
  constructor(
    private readonly channels: Pick<ChannelRegistry, 'get'>,
    private readonly access: Pick<AccessService, 'scopeOf'>,
  ) {}

  /** Whether the answer may show this alert where it is asked (always, outside a channel). */
  async shows(here: Pick<ChannelCandidate, 'channelId'> | undefined, alert: Alert): Promise<boolean> {
    const units = here && this.channels.get(here.channelId)?.administrativeUnits;
    return (
      !units || covers({ kind: 'administrativeUnits', units: units.map((u) => u.id) }, await this.access.scopeOf(alert))
    );
  }

  /** Refuses, naming the channel's units, when the answer may not show this alert here. */
  async ensureShows(here: Pick<ChannelCandidate, 'channelId'> | undefined, alert: Alert): Promise<void> {
    if (await this.shows(here, alert)) return;
    const units = this.channels.get(here!.channelId)!.administrativeUnits!;
    throw new TriageError(
      'forbidden',
      `This channel only shows alerts of AU ${units.map((u) => u.displayName).join(', ')}, and this alert is outside it. Ask me in a personal chat instead.`,
      { key: 'errors.channelScope', data: { units: units.map((u) => u.displayName) } },
    );
  }
}
