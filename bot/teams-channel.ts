import type { Activity } from 'botbuilder';
import type { ChannelCandidate } from '../src/delivery/channel-admin.js';
import { TriageError } from '../src/triage/triage-error.js';
import { tenantOf } from './actor.js';

/**
 * The team channel an activity happened in, as a triage channel candidate; undefined outside a team.
 * `general` picks the team's General channel (its id is the team id) for install events.
 */
export function channelOf(activity: Activity, now: Date, general = false): ChannelCandidate | undefined {
  const data = activity.channelData as
    { team?: { id?: string; name?: string }; channel?: { id?: string; name?: string } } | undefined;
  const teamId = data?.team?.id;
  const tenantId = tenantOf(activity);
  if (!teamId || !tenantId) return undefined;
  const channelId = general ? teamId : (data?.channel?.id ?? activity.conversation.id.split(';')[0]!);
  if (!channelId) throw new TriageError('invalid', 'Teams did not say which channel this is.');
  return {
    channelId,
    teamId,
    tenantId,
    serviceUrl: activity.serviceUrl,
    teamName: data?.team?.name,
    channelName: channelId === teamId ? 'General' : data?.channel?.name,
    registeredBy: activity.from?.aadObjectId,
    registeredAt: now.toISOString(),
  };
}
