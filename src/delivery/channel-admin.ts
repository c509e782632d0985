import type { AccessService, Requester } from '../triage/access/access-service.js';
import type { AuditSink, Directory } from '../triage/ports.js';
import { takeGrouping, type ThreadGrouping } from '../triage/route-grouping.js';
import { parseRouteConditions, type RouteRule } from '../triage/routing.js';
import { TriageError } from '../triage/triage-error.js';
import { ChannelManageScope } from './channel-manage-scope.js';
import type { ChannelRegistry, TriageChannel } from './channel-registry.js';

/** The routing rules in the order they are tried (each with its channel), and the default channel. */
export interface RouteListing {
  rules: { text: string; channel: string }[];
  fallback?: string;
}

/** A channel as the bot sees it in a turn, before it is (re)registered. */
export type ChannelCandidate = Omit<TriageChannel, 'isDefault' | 'administrativeUnits' | 'group'>;

/**
 * The channel and routing commands (`triage here`, `route add|list|remove`): each checks that the
 * requester may manage channels, and an admin limited to administrative units that the change stays
 * inside them (refusals are audited and change nothing), changes the registry, and records the change in
 * the audit log.
 */
export class ChannelAdmin {
  constructor(
    private readonly channels: ChannelRegistry,
    private readonly directory: Directory,
    private readonly access: AccessService,
    private readonly audit: AuditSink,
  ) {}

  defaultChannelId(): string | undefined {
    return this.channels.defaultChannel()?.channelId;
  }

  /** The bot was installed in a team: its General channel becomes a triage channel (the default if none). */
  registerOnInstall(channel: ChannelCandidate): Promise<TriageChannel> {
    return this.channels.register(channel, false);
  }

  /**
   * `triage here [default] [au=...] [group=incident]`: makes the channel a triage channel, optionally the
   * default, scoped to administrative units (given by name or id) or, without `au=`, unscoped, and with
   * one thread per incident or, without `group=incident`, one per alert.
   */
  async triageHere(
    requester: Requester,
    channel: ChannelCandidate,
    makeDefault: boolean,
    unitNames: string[] = [],
    group?: ThreadGrouping,
  ): Promise<TriageChannel> {
    await this.access.authorize(requester, 'channel.manage');
    const administrativeUnits = unitNames.length ? await this.resolveUnits(unitNames) : undefined;
    const scope = await this.manageScope(requester);
    await this.allow(
      requester,
      'triage here',
      scope.triageHere(makeDefault, administrativeUnits, this.channels.get(channel.channelId)),
      { channelId: channel.channelId },
    );
    const saved = await this.channels.register({ ...channel, administrativeUnits, group }, makeDefault);
    await this.record(requester, 'channel.register', {
      channelId: saved.channelId,
      isDefault: saved.isDefault,
      administrativeUnits: administrativeUnits?.map((u) => u.displayName),
      ...(group ? { group } : {}),
    });
    return saved;
  }

  /**
   * Adds a rule at the end of the list sending matching alerts to `channel`, which becomes a triage channel;
   * `group=incident` in the text lays the alerts it sends out one thread per incident.
   */
  async addRoute(
    requester: Requester,
    channel: ChannelCandidate,
    conditionsText: string,
  ): Promise<{ rule: RouteRule; position: number }> {
    await this.access.authorize(requester, 'channel.manage');
    const { rest, group } = takeGrouping(conditionsText);
    const conditions = parseRouteConditions(rest);
    const units = conditions.administrativeUnits ? await this.resolveUnits(conditions.administrativeUnits) : undefined;
    const scope = await this.manageScope(requester);
    await this.allow(requester, 'route add', scope.addRoute(units, this.channels.get(channel.channelId)), {
      channelId: channel.channelId,
      rule: conditionsText.trim(),
    });
    if (!this.channels.get(channel.channelId)) await this.channels.register(channel);
    const rule: RouteRule = {
      conditions,
      channelId: channel.channelId,
      text: conditionsText.trim(),
      ...(group && { group }),
    };
    const rules = [...this.channels.routes(), rule];
    await this.channels.setRoutes(rules);
    await this.record(requester, 'route.add', {
      channelId: channel.channelId,
      rule: rule.text,
      position: rules.length,
    });
    return { rule, position: rules.length };
  }

  /** Removes rule number `position` (1-based, as `route list` shows it). */
  async removeRoute(requester: Requester, position: number): Promise<RouteRule> {
    await this.access.authorize(requester, 'channel.manage');
    const rules = this.channels.routes();
    const rule = rules[position - 1];
    if (!rule) {
      throw new TriageError(
        'invalid',
        rules.length
          ? `There is no rule ${position}; route list shows rules 1 to ${rules.length}.`
          : 'There are no routing rules to remove.',
      );
    }
    const scope = await this.manageScope(requester);
    const units = rule.conditions.administrativeUnits?.map((name) => scope.unitNamed(name));
    await this.allow(
      requester,
      'route remove',
      scope.removeRoute(position, rule.text, units, this.channels.get(rule.channelId)),
      { rule: rule.text, position },
    );
    await this.channels.setRoutes(rules.filter((_, i) => i !== position - 1));
    await this.record(requester, 'route.remove', { rule: rule.text, position });
    return rule;
  }

  /** Human-readable lines for `route list`. */
  async describeRoutes(requester: Requester): Promise<RouteListing> {
    await this.access.authorize(requester, 'channel.manage');
    const rules = this.channels.routes().map((r) => ({ text: r.text, channel: this.describe(r.channelId) }));
    const fallback = this.channels.defaultChannel();
    return { rules, fallback: fallback ? this.describe(fallback.channelId) : undefined };
  }

  private describe(channelId: string): string {
    const c = this.channels.get(channelId);
    if (!c) return '(unregistered channel)';
    const scope = c.administrativeUnits ? ` [AU ${c.administrativeUnits.map((u) => u.displayName).join(', ')}]` : '';
    return `${c.teamName ?? 'team'} › ${c.channelName ?? 'General'}${scope}`;
  }

  private async resolveUnits(names: string[]): Promise<{ id: string; displayName: string }[]> {
    const known = await this.directory.listAdministrativeUnits();
    return names.map((name) => {
      const unit = known.find(
        (u) => u.id.toLowerCase() === name.toLowerCase() || u.displayName.toLowerCase() === name.toLowerCase(),
      );
      if (!unit)
        throw new TriageError(
          'invalid',
          `There is no administrative unit "${name}". Known units: ${known.map((u) => u.displayName).join(', ') || 'none'}.`,
        );
      return { id: unit.id, displayName: unit.displayName };
    });
  }

  /** The requester's channel.manage scope, with the directory's units to name and match them. */
  private async manageScope(requester: Requester): Promise<ChannelManageScope> {
    const scope = await this.access.scopeFor(requester, 'channel.manage');
    return new ChannelManageScope(
      scope,
      scope.kind === 'unrestricted' ? [] : await this.directory.listAdministrativeUnits(),
    );
  }

  /** Audits and throws `refusal` when there is one: the change stays undone. */
  private async allow(
    requester: Requester,
    command: string,
    refusal: string | undefined,
    details: Record<string, unknown>,
  ): Promise<void> {
    if (!refusal) return;
    await this.audit.append({
      actor: { id: requester.id, name: requester.name },
      action: 'channel.manage',
      outcome: 'denied',
      reason: refusal,
      details: { command, ...details },
    });
    throw new TriageError('forbidden', refusal);
  }

  private record(requester: Requester, action: string, details: Record<string, unknown>): Promise<void> {
    return this.audit.append({
      actor: { id: requester.id, name: requester.name },
      action,
      outcome: 'success',
      details,
    });
  }
}
