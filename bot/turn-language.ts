import type { Activity } from 'botbuilder';
import { knownTimeZone } from '../src/i18n/languages.js';
import type { Messages } from '../src/i18n/messages.js';
import type { Translator } from '../src/i18n/translator.js';
import { isEntraObjectId } from '../src/triage/ids.js';
import { readerHintsOf } from './actor.js';

/** The IANA zone a person chose for their personal digest, if they have one. */
export type DigestZoneOf = (userId: string) => Promise<string | undefined>;

/**
 * Builds each turn's Translator from its activity: the Teams locale (English when it is none we speak),
 * and the first valid time zone of the `clientInfo` entity, the activity's `localTimezone`, the person's
 * digest subscription, else UTC. An invalid zone is passed over, never an error.
 */
export class TurnLanguage {
  constructor(
    private readonly messages: Messages,
    private readonly digestZoneOf: DigestZoneOf = async () => undefined,
  ) {}

  async of(activity: Partial<Activity>): Promise<Translator> {
    const { locale, timeZones } = readerHintsOf(activity);
    const sent = timeZones.map(knownTimeZone).find((zone) => zone !== undefined);
    return this.messages.translator({ locale, timeZone: sent ?? (await this.subscribedZone(activity)) });
  }

  /** The digest zone of the person behind the activity; a failing lookup is no reason to fail the turn. */
  private async subscribedZone(activity: Partial<Activity>): Promise<string | undefined> {
    const id = activity.from?.aadObjectId;
    if (!id || !isEntraObjectId(id)) return undefined;
    return this.digestZoneOf(id).catch(() => undefined);
  }
}
