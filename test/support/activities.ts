/** Builders of Teams-shaped activities, as Teams (or the Agents Playground) sends them to the bot. */

export const TENANT_ID = '11111111-2222-4333-8444-555555555555';
export const TEAM_ID = '19:contoso-soc-general@thread.tacv2';
export const BOT = { id: '28:dlp-triage-test-bot', name: 'DLP Triage' };
export const AVERY = { id: '29:avery-admin', name: 'Avery Admin', aadObjectId: 'a0000000-0000-4000-8000-000000000001' };

let counter = 0;
const nextId = () => `act-${Date.now()}-${++counter}`;

interface Where {
  serviceUrl: string;
  channelId?: string;
  conversationId?: string;
  tenantId?: string;
  from?: { id: string; name: string; aadObjectId?: string };
}

/** What every activity carries: a fresh id, where to answer (serviceUrl), who sent it and to whom. */
function envelope(where: Where) {
  return {
    id: nextId(),
    channelId: 'msteams',
    serviceUrl: where.serviceUrl,
    timestamp: new Date().toISOString(),
    from: where.from ?? AVERY,
    recipient: BOT,
  };
}

function base(where: Where) {
  const channelId = where.channelId ?? TEAM_ID;
  const tenantId = where.tenantId ?? TENANT_ID;
  return {
    ...envelope(where),
    conversation: { id: where.conversationId ?? channelId, conversationType: 'channel', isGroup: true, tenantId },
    channelData: {
      tenant: { id: tenantId },
      team: { id: TEAM_ID, name: 'Contoso SOC' },
      channel: { id: channelId, name: channelId === TEAM_ID ? undefined : 'DLP EMEA' },
    },
  };
}

/** The bot being added to a team (what Teams sends on install). */
export function installInTeam(where: Where) {
  return {
    ...base(where),
    type: 'conversationUpdate',
    membersAdded: [{ id: BOT.id }],
    channelData: { ...base(where).channelData, eventType: 'teamMemberAdded' },
  };
}

/** A channel message that @mentions the bot. */
export function mentionMessage(where: Where, text: string) {
  return {
    ...base(where),
    type: 'message',
    text: `<at>${BOT.name}</at> ${text}`,
    entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }],
  };
}

/** A channel message as Teams delivers it with the channel-message consent: no bot mention needed. */
export function channelMessage(where: Where, text: string) {
  return { ...base(where), type: 'message', text };
}

/** An activity in a 1:1 chat with the bot (`conversationId` is the chat), with `extra` laid over it. */
export function personalActivity(where: Where & { conversationId: string }, extra: Record<string, unknown>) {
  const tenantId = where.tenantId ?? TENANT_ID;
  return {
    ...envelope(where),
    conversation: { id: where.conversationId, conversationType: 'personal', tenantId },
    channelData: { tenant: { id: tenantId } },
    ...extra,
  };
}

/** A message in a 1:1 chat with the bot. */
export function personalMessage(where: Where & { conversationId: string }, text: string) {
  return personalActivity(where, { type: 'message', text });
}

/** The body of an Action.Execute invoke. */
const executeValue = (verb: unknown, data: unknown) => ({
  action: { type: 'Action.Execute', verb, data },
  trigger: 'manual',
});

/** An Action.Execute click on a card in a 1:1 chat. */
export function personalCardAction(where: Where & { conversationId: string }, verb: unknown, data: unknown) {
  return personalActivity(where, { type: 'invoke', name: 'adaptiveCard/action', value: executeValue(verb, data) });
}

/** An Action.Execute click on a card. */
export function cardAction(where: Where, verb: unknown, data: unknown, replyToId?: string) {
  return {
    ...base(where),
    type: 'invoke',
    name: 'adaptiveCard/action',
    replyToId,
    value: executeValue(verb, data),
  };
}
