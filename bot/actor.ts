import type { Activity } from 'botbuilder';
import { isEntraObjectId } from '../src/triage/ids.js';
import { refusal } from './refusal.js';

/** The person behind an activity, as Teams vouches for them (never taken from card data). */
export interface Actor {
  /** Entra object id (`from.aadObjectId`). */
  id: string;
  name: string;
  /** The bot-scoped Teams id (`29:...`), needed to reach the person in a 1:1 chat. */
  teamsUserId: string;
  tenantId?: string;
}

/** The actor of an activity; refuses activities that carry no Entra identity. */
export function actorOf(activity: Activity): Actor {
  const id = activity.from?.aadObjectId;
  // The object id goes into directory lookups (Graph paths): anything but a GUID is not Teams vouching for someone.
  if (!id || !isEntraObjectId(id)) {
    throw refusal('forbidden', 'errors.noIdentity');
  }
  return { id, name: activity.from.name ?? id, teamsUserId: activity.from.id, tenantId: tenantOf(activity) };
}

/** The tenant an activity comes from: `channelData.tenant.id`, else `conversation.tenantId`. */
export function tenantOf(activity: Activity): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return channelData?.tenant?.id ?? activity.conversation?.tenantId;
}

/**
 * What an activity says about its reader's language and time zone (teams-platform.md §11): the Teams
 * `locale`, and the `clientInfo` entity's `timezone` (else the activity's `localTimezone`). Unchecked: the
 * Translator reads them defensively.
 */
export function readerHintsOf(activity: Partial<Activity>): { locale: unknown; timeZones: unknown[] } {
  const clientInfo = (activity.entities ?? []).find((e) => e?.type === 'clientInfo') as
    { locale?: unknown; timezone?: unknown } | undefined;
  return { locale: activity.locale ?? clientInfo?.locale, timeZones: [clientInfo?.timezone, activity.localTimezone] };
}
