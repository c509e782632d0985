import type { Scope } from '../triage/access/access-decision.js';
import type { AdministrativeUnit } from '../triage/ports.js';
import type { TriageChannel } from './channel-registry.js';

type Unit = Pick<AdministrativeUnit, 'id' | 'displayName'>;

/**
 * What an admin whose `channel.manage` grants are limited to administrative units may change: channels
 * and routes that stay inside those units. Each check answers with the refusal to show (what is missing),
 * or undefined when the change is allowed. An unrestricted grant allows everything.
 */
export class ChannelManageScope {
  constructor(
    private readonly scope: Scope,
    /** The directory's units, to name units the policy lists by id. */
    private readonly known: readonly Unit[],
  ) {}

  /** `triage here [default] [au=…]` in `existing` (undefined for a new channel). */
  triageHere(
    makeDefault: boolean,
    units: readonly Unit[] | undefined,
    existing: TriageChannel | undefined,
  ): string | undefined {
    if (this.scope.kind === 'unrestricted') return undefined;
    if (makeDefault) {
      return `Making a channel the default triage channel needs channel.manage with an unrestricted scope: the default channel receives alerts of every administrative unit that no route sends elsewhere. Your scope is ${this.describe()}.`;
    }
    if (!units) {
      return `A triage channel without au= shows alerts of every administrative unit, which needs channel.manage with an unrestricted scope. Yours is ${this.describe()}: use triage here ${this.hint('triage')}.`;
    }
    const outside = this.outside(units);
    if (outside.length) return `You may manage channels for ${this.describe()} only, not for AU ${names(outside)}.`;
    return this.keepsChannel(existing);
  }

  /** `route add` of a rule with these `au=` units (resolved) into `channel` (undefined: not a triage channel yet). */
  addRoute(units: readonly Unit[] | undefined, channel: TriageChannel | undefined): string | undefined {
    if (this.scope.kind === 'unrestricted') return undefined;
    if (!channel)
      return `This channel is not a triage channel yet, and a route would make it one for every administrative unit. Make it a triage channel for your units first: triage here ${this.hint('triage')}.`;
    const outside = units ? this.outside(units) : [];
    if (outside.length) return `You may route alerts of ${this.describe()} only, not of AU ${names(outside)}.`;
    if (this.within(units, channel)) return undefined;
    return `A route you add must stay within ${this.describe()}: add ${this.hint('route')} to its conditions, or add it in a channel that only takes alerts of ${this.describe()}.`;
  }

  /** `route remove` of a rule whose `au=` names `units` and whose channel is `channel`. */
  removeRoute(
    position: number,
    text: string,
    units: readonly Unit[] | undefined,
    channel: TriageChannel | undefined,
  ): string | undefined {
    if (this.scope.kind === 'unrestricted') return undefined;
    const outside = units ? this.outside(units) : [];
    if (outside.length === 0 && this.within(units, channel)) return undefined;
    const beyond = outside.length
      ? `it routes alerts of AU ${names(outside)}`
      : 'it is not limited to your administrative units';
    return `Rule ${position} (${text}) is outside your scope (${this.describe()}): ${beyond}. Only an admin whose scope covers it can remove it.`;
  }

  /** A unit named in a stored rule, as the directory knows it now (a name it no longer knows stands for itself). */
  unitNamed(name: string): Unit {
    const lower = name.toLowerCase();
    return (
      this.known.find((k) => k.id.toLowerCase() === lower || k.displayName.toLowerCase() === lower) ?? {
        id: name,
        displayName: name,
      }
    );
  }

  /** A rule stays inside the scope through its own `au=` units, or else through its channel's. */
  private within(units: readonly Unit[] | undefined, channel: TriageChannel | undefined): boolean {
    if (units?.length) return this.outside(units).length === 0;
    const channelUnits = channel?.administrativeUnits;
    return !!channelUnits?.length && this.outside(channelUnits).length === 0;
  }

  /** An existing channel may only be changed when it already stays inside the scope. */
  private keepsChannel(existing: TriageChannel | undefined): string | undefined {
    if (!existing) return undefined;
    if (!existing.administrativeUnits?.length) {
      return `This channel already takes alerts of every administrative unit; only an admin with an unrestricted scope can change it.`;
    }
    const outside = this.outside(existing.administrativeUnits);
    if (outside.length)
      return `This channel also takes alerts of AU ${names(outside)}, outside your scope (${this.describe()}); only an admin whose scope covers it can change it.`;
    return undefined;
  }

  private outside(units: readonly Unit[]): Unit[] {
    if (this.scope.kind === 'unrestricted') return [];
    const mine = new Set(this.scope.units.map((u) => u.toLowerCase()));
    return units.filter((u) => !mine.has(u.id.toLowerCase()) && !mine.has(u.displayName.toLowerCase()));
  }

  /** The scope's units as the directory knows them (a unit the directory does not know keeps its policy name). */
  private units(): Unit[] {
    const listed = this.scope.kind === 'administrativeUnits' ? this.scope.units : [];
    return listed.map((u) => this.unitNamed(u));
  }

  private describe(): string {
    return `AU ${[...new Set(this.units().map((u) => u.displayName))].join(', ')}`;
  }

  /**
   * `au=EMEA` as the command reads it: `triage here` splits on spaces but takes ids, a route condition
   * matches display names and takes quotes.
   */
  private hint(command: 'triage' | 'route'): string {
    const names = [...new Set(this.units().map((u) => u.displayName))];
    if (!names.some((n) => /\s/.test(n))) return `au=${names.join(',')}`;
    return command === 'route'
      ? `au="${names.join(',')}"`
      : `au=${[...new Set(this.units().map((u) => (/\s/.test(u.displayName) ? u.id : u.displayName)))].join(',')}`;
  }
}

const names = (units: readonly Unit[]) => units.map((u) => u.displayName).join(', ');
