import { BotConnectorSender } from '../../bot/bot-connector-sender.js';
import { TeamRoster } from '../../bot/team-roster.js';
import { tenantCheck, tenantGuard, type TenantCheck } from '../../bot/tenant-guard.js';
import type { Config } from '../config.js';
import type { Messages } from '../i18n/messages.js';
import type { ChannelRegistry } from '../delivery/channel-registry.js';
import { botAuthentication } from '../http/bot-authentication.js';
import { EdgeAdapter } from '../http/edge-adapter.js';
import { SharedClientsAuthentication } from '../http/shared-clients-authentication.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../triage/ports.js';

/** The Teams side: the adapter activities come in through, the Bot Connector calls go out through, the rosters. */
export interface TeamsParts {
  adapter: EdgeAdapter;
  connector: BotConnectorSender;
  roster: TeamRoster;
  /** ALLOWED_TENANT_IDS as a check, when set: the adapter's middleware and the card-action lane apply it. */
  tenantAllowed?: TenantCheck;
}

export function openTeamsParts(
  config: Config,
  log: Logger,
  clock: Clock,
  channels: ChannelRegistry,
  messages: Messages,
): TeamsParts {
  const auth = botAuthentication(config);
  // The sender keeps its own clients (without retries: BotConnectorSender): the adapter's are shared apart.
  const adapter = new EdgeAdapter(new SharedClientsAuthentication(auth));
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityId: context.activity.id, type: context.activity.type }, 'unhandled turn error');
    // Say so where a person is waiting (a message, or an install); never for invokes, which have their own answer.
    if (context.activity.type === 'invoke') return;
    const reference = context.activity.id ?? 'unknown';
    const i18n = messages.translator({ locale: context.activity.locale });
    await context.sendActivity(i18n.t('errors.turnFailed', { reference })).catch(() => undefined);
  };
  const tenantAllowed = config.ALLOWED_TENANT_IDS ? tenantCheck(config.ALLOWED_TENANT_IDS, log) : undefined;
  if (tenantAllowed) adapter.use(tenantGuard(tenantAllowed));
  const connector = new BotConnectorSender(auth, config.MicrosoftAppId ?? 'dlp-triage-local', log);
  return { adapter, connector, roster: new TeamRoster(connector, channels, clock, log), tenantAllowed };
}
