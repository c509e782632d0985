import { renderAlertCard, type AlertCardView } from '../cards/alert-card.js';
import { alertViewKey } from '../cards/alert-view-key.js';
import { JsonText } from '../src/http/json-text.js';
import { isCardVerb, type CardVerb } from '../cards/card-verbs.js';
import { Messages } from '../src/i18n/messages.js';
import { channelSummary, type Alert } from '../src/triage/alert.js';
import type { AccessService, Requester } from '../src/triage/access/access-service.js';
import type { Permission } from '../src/triage/access/permissions.js';
import type { Clock } from '../src/triage/ports.js';
import type { IncidentContext } from '../src/triage/incidents/incident-context.js';
import type { Registry } from './registry/registry.js';
import { ALERT_NOT_FOUND, TriageError } from '../src/triage/triage-error.js';
import type { TeamRoster } from './team-roster.js';
import type { ShareLinkView, ViewExtras, ViewOptions } from './alert-view-options.js';
import { LATE, within } from './within.js';

export type { ShareLinkView, ViewExtras, ViewOptions } from './alert-view-options.js';

const CHANNEL_READER = new Messages().translator();

/** How long the Assign choices wait for the team roster before offering a UPN field instead. */
const ROSTER_WAIT_MS = 500;

/** What the channel card offers everyone: a refresh, which Teams also runs to show each user their own view. */
const CHANNEL_VERBS: ReadonlySet<CardVerb> = new Set<CardVerb>(['alert.refresh']);

/**
 * The three ways an alert is shown: the channel card (only what every member may see), a user's own view
 * of it (the facts and buttons their permissions allow, among the verbs this build handles), and the
 * per-user details view (the own view plus matched content for content viewers).
 */
export class AlertViews {
  constructor(
    private readonly access: AccessService,
    private readonly clock: Clock,
    /** The verbs this build answers and who may use them (cards never offer others). */
    private readonly verbs: Pick<Registry, 'verbsAllowedBy'>,
    private readonly roster?: Pick<TeamRoster, 'membersOf'>,
    /** The alert's working read-only share links (shown on every view; `alert.unshare` only with some). */
    private readonly shareLinks: (alertId: string) => readonly ShareLinkView[] = () => [],
    private readonly extras: ViewExtras = {},
  ) {}

  /**
   * What every member of the channel may see, drawn from the summary so nothing else can slip in;
   * `refreshUserIds` (RefreshAudience) are the members Teams shows their own view to by itself.
   */
  async channelCard(alert: Alert, refreshUserIds?: readonly string[]): Promise<Record<string, unknown>> {
    return renderAlertCard(channelSummary(alert), {
      actions: CHANNEL_VERBS,
      i18n: this.extras.channelReader ?? CHANNEL_READER,
      now: this.clock.now(),
      shareLinks: this.shareLinks(alert.id),
      sla: this.extras.sla,
      assignee: await this.assigneeOf(alert),
      refreshUserIds,
      incident: await this.incidentOf(alert),
    });
  }

  /**
   * The requester's own view: with `alert.details`, who / where / what (the full facts, never matched
   * content, which only Details shows), else the summary's facts; the buttons their permissions allow.
   * It is what an automatic refresh shows and what every action answers. Refuses (as a missing alert)
   * anyone who may not see the alert, on every path.
   */
  async userCard(requester: Requester, alert: Alert, options: ViewOptions): Promise<Record<string, unknown>> {
    return renderAlertCard(alert, await this.userView(requester, alert, options));
  }

  /**
   * The requester's own view (as `userCard`) for a refresh, serialised: a reader with the same rights,
   * language and zone as one answered in the last few seconds gets the same text (bot/shared-views.ts).
   * Access is decided for this requester first, exactly as for `userCard`.
   */
  async refreshCard(requester: Requester, alert: Alert, options: ViewOptions): Promise<JsonText> {
    const view = await this.userView(requester, alert, options);
    const render = () => renderAlertCard(alert, view);
    return this.extras.shared
      ? this.extras.shared.view(alertViewKey(alert, view), render)
      : new JsonText(JSON.stringify(render()));
  }

  private async userView(requester: Requester, alert: Alert, options: ViewOptions): Promise<AlertCardView> {
    const permissions = await this.permissionsOrMissing(requester, alert);
    const actions = this.offered(permissions);
    const assigneeChoices = actions.has('alert.assign') ? await this.assignees(alert, options.teamId) : undefined;
    const shareLinks = this.linksFor(alert, actions);
    return {
      actions,
      i18n: options.i18n,
      now: this.clock.now(),
      notice: options.notice,
      assigneeChoices,
      shareLinks,
      detail: permissions.has('alert.details') ? 'full' : 'summary',
      ...(await this.people(requester, alert)),
    };
  }

  /** The SLA hours, the viewer and the assignee as the directory names them. */
  private async people(requester: Requester, alert: Alert) {
    const [assignee, incident] = await Promise.all([this.assigneeOf(alert), this.incidentOf(alert)]);
    return { sla: this.extras.sla, viewer: { id: requester.id }, assignee, incident };
  }

  /** The incident section; an incident that cannot be read leaves the card without it rather than failing it. */
  private async incidentOf(alert: Alert): Promise<IncidentContext | undefined> {
    return this.extras.incidents?.of(alert).catch(() => undefined);
  }

  /**
   * The assignee (a principal name on the alert) as a person: their object id and display name. A
   * directory that cannot answer leaves the card with the principal name rather than failing it.
   */
  private async assigneeOf(alert: Alert): Promise<{ id: string; displayName: string } | undefined> {
    if (!alert.assignedTo || !this.extras.people) return undefined;
    const user = await this.extras.people.getUser(alert.assignedTo).catch(() => undefined);
    return user && { id: user.id, displayName: user.displayName };
  }

  /** The team's members who may work on this alert (at most 50), for the Assign choices. */
  private async assignees(
    alert: Alert,
    teamId: string | undefined,
  ): Promise<{ title: string; value: string }[] | undefined> {
    if (!teamId || !this.roster) return undefined;
    // A slow roster must not hold the answer up: the card then asks for a UPN (the read goes on, cached).
    const members = await within(this.roster.membersOf(teamId), ROSTER_WAIT_MS);
    if (members === LATE) return undefined;
    const eligible = await this.access.whoCan(
      members.map((m) => m.id),
      'alert.classify',
      alert,
    );
    return members
      .filter((_, i) => eligible[i])
      .slice(0, 50)
      .map((m) => ({ title: m.name, value: m.id }));
  }

  /** The details view; refuses anyone without `alert.details` on this alert. */
  async detailsCard(requester: Requester, alert: Alert, options: ViewOptions): Promise<Record<string, unknown>> {
    const permissions = await this.permissionsOrMissing(requester, alert);
    if (!permissions.has('alert.details'))
      throw new TriageError('forbidden', 'You cannot see the details of this alert.');
    const actions = this.offered(permissions);
    return renderAlertCard(alert, {
      actions,
      i18n: options.i18n,
      now: this.clock.now(),
      notice: options.notice,
      shareLinks: this.linksFor(alert, actions),
      detail: 'full',
      showMatchedContent: permissions.has('alert.viewContent'),
      ...(await this.people(requester, alert)),
    });
  }

  /** The alert's share links; without any, `alert.unshare` leaves `actions` (nothing to revoke). */
  private linksFor(alert: Alert, actions: Set<CardVerb>): readonly ShareLinkView[] {
    const links = this.shareLinks(alert.id);
    if (links.length === 0) actions.delete('alert.unshare');
    return links;
  }

  /**
   * Rendering is the last line of defence: callers authorize first, but no path (a late answer, a retry,
   * an error answer) may draw an alert for someone who cannot see it.
   */
  private async permissionsOrMissing(requester: Requester, alert: Alert): Promise<Set<Permission>> {
    const permissions = await this.access.permissionsOn(requester, alert);
    if (!permissions.has('alert.view')) throw new TriageError('not-found', ALERT_NOT_FOUND);
    return permissions;
  }

  /** The alert-card buttons these permissions unlock, among the verbs this build answers. */
  private offered(permissions: ReadonlySet<Permission>): Set<CardVerb> {
    return new Set([...this.verbs.verbsAllowedBy(permissions)].filter(isCardVerb));
  }
}
