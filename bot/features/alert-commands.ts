import { renderAlertListCard } from '../../cards/alert-list-card.js';
import { md } from '../../cards/card-text.js';
import type { AccessService } from '../../src/triage/access/access-service.js';
import { findAlert } from '../../src/triage/alert-lookup.js';
import type { AlertAuditTrail } from '../../src/audit/alert-audit-trail.js';
import type { AlertStore, Clock, Directory } from '../../src/triage/ports.js';
import type { AlertViews } from '../alert-views.js';
import type { RefreshAudience } from '../refresh-audience.js';
import { cardAnswer, textAnswer, type Answer } from '../registry/answer.js';
import type { Inputs } from '../registry/registry.js';
import { textCommand, type CommandRequest, type TextCommandSpec } from '../registry/text-command.js';
import { alertIdArg, noArgs } from './arguments.js';
import type { ChannelScope } from './channel-scope.js';

export const ALERT_COMMAND = {
  name: 'alert',
  usage: 'alert <id>',
  description: "Post that alert's card here.",
  permission: 'alert.view',
  parse: alertIdArg,
  menu: "alert <id>: post that alert's card",
} satisfies TextCommandSpec<string>;

export const MY_ALERTS_COMMAND = {
  name: 'my alerts',
  usage: 'my alerts',
  description: 'Your open assigned alerts, newest first.',
  parse: noArgs,
  menu: 'Your open assigned alerts',
} satisfies TextCommandSpec<''>;

export const AUDIT_COMMAND = {
  name: 'audit',
  usage: 'audit <alertId>',
  description: 'The last 20 audit entries of an alert.',
  permission: 'alert.view',
  parse: alertIdArg,
  menu: "audit <alertId>: the alert's latest audit entries",
} satisfies TextCommandSpec<string>;

export interface AlertCommandDeps {
  store: Pick<AlertStore, 'get' | 'listAssignedTo'>;
  access: Pick<AccessService, 'authorize' | 'can'>;
  views: AlertViews;
  audience: Pick<RefreshAudience, 'userIdsFor'>;
  scope: ChannelScope;
  directory: Pick<Directory, 'getUser'>;
  /** The alert's audit log as people may read it (shared with the History card). */
  trail: Pick<AlertAuditTrail, 'read'>;
  clock: Clock;
}

/** `alert <id>`, `my alerts`, `audit <alertId>`: what the asker may see, and in a channel what the channel may. */
export function alertCommands(deps: AlertCommandDeps): Inputs {
  return {
    textCommands: [
      textCommand(ALERT_COMMAND, (r) => postAlert(deps, r)),
      textCommand(MY_ALERTS_COMMAND, (r) => myAlerts(deps, r)),
      textCommand(AUDIT_COMMAND, (r) => auditTrail(deps, r)),
    ],
  };
}

/** In a channel everyone sees the card, so it is the channel card, and only if the channel's scope covers it. */
async function postAlert(
  { store, access, views, audience, scope }: AlertCommandDeps,
  r: CommandRequest<string>,
): Promise<Answer> {
  const alert = await findAlert(store, r.args);
  await access.authorize(r.actor, 'alert.view', alert);
  if (!r.here) return cardAnswer(await views.userCard(r.actor, alert, { i18n: r.i18n }));
  await scope.ensureShows(r.here, alert);
  return cardAnswer(await views.channelCard(alert, await audience.userIdsFor(alert, r.here.teamId)));
}

async function myAlerts(deps: AlertCommandDeps, { actor, here, i18n }: CommandRequest<''>): Promise<Answer> {
  const me = await deps.directory.getUser(actor.id);
  const assigned = me ? await deps.store.listAssignedTo(me.userPrincipalName) : [];
  // Assigned is not enough: the scope may have changed since, so each one is checked again.
  const checks = await Promise.all(
    assigned.map(async (a) => ({ a, visible: await deps.access.can(actor.id, 'alert.view', a) })),
  );
  const visible = checks.filter((c) => c.visible).map((c) => c.a);
  const shownChecks = await Promise.all(visible.map(async (a) => ({ a, shown: await deps.scope.shows(here, a) })));
  const shown = shownChecks.filter((c) => c.shown).map((c) => c.a);
  const hidden = visible.length - shown.length;
  const heading = hidden
    ? i18n.t('lists.myAlertsHidden', { count: shown.length, hidden })
    : i18n.t('lists.myAlerts', { count: shown.length });
  const empty = i18n.t('lists.myAlertsEmpty');
  return cardAnswer(renderAlertListCard(heading, shown, deps.clock.now(), empty, { i18n }));
}

/** The alert's latest audit entries, times in the reader's zone; actions and outcomes are the log's own words. */
async function auditTrail(deps: AlertCommandDeps, r: CommandRequest<string>): Promise<Answer> {
  const { actor, args, here, i18n } = r;
  const { alert, entries, names } = await deps.trail.read(actor, args, 20, (a) => deps.scope.ensureShows(here, a));
  const lines = entries.map((e) => {
    const who =
      e.actor === 'system'
        ? i18n.t('audit.system')
        : (names.get(e.actor.id.toLowerCase()) ?? e.actor.name ?? e.actor.id);
    const values = { time: i18n.dateTime(e.at), who: md(who), action: md(e.action), outcome: md(e.outcome) };
    return e.reason
      ? i18n.t('audit.lineWithReason', { ...values, reason: md(e.reason) })
      : i18n.t('audit.line', values);
  });
  const alertId = md(alert.id);
  if (!lines.length) return textAnswer(i18n.t('audit.empty', { alertId }));
  return textAnswer([i18n.t('audit.heading', { alertId, count: lines.length }), lines.join('\n')].join('\n\n'));
}
