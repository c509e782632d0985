import { z } from 'zod';
import { md } from '../../cards/card-text.js';
import type { ChannelAdmin, ChannelCandidate, RouteListing } from '../../src/delivery/channel-admin.js';
import type { Translator } from '../../src/i18n/translator.js';
import { textAnswer } from '../registry/answer.js';
import type { Inputs } from '../registry/registry.js';
import { textCommand, type TextCommandSpec } from '../registry/text-command.js';
import { commandText } from '../command-texts.js';
import { refusal } from '../refusal.js';
import { noArgs, someText } from './arguments.js';

/** `[default] [au=<unit>,...] [group=incident|alert]` in any order. */
const triageHereArgs = z
  .string()
  .regex(/^(?:(?:default|au=\S+|group=(?:incident|alert))(?:\s+|$))*$/i)
  .transform((text) => {
    const words = text.split(' ').filter(Boolean);
    const units = words
      .filter((w) => /^au=/i.test(w))
      .flatMap((w) => w.slice(3).split(','))
      .map((u) => u.trim())
      .filter(Boolean);
    const group =
      words
        .filter((w) => /^group=/i.test(w))
        .at(-1)
        ?.toLowerCase() === 'group=incident';
    return {
      makeDefault: words.some((w) => w.toLowerCase() === 'default'),
      administrativeUnits: units,
      ...(group && { group: 'incident' as const }),
    };
  });

export const TRIAGE_HERE_COMMAND = {
  name: 'triage here',
  usage: 'triage here [default] [au=<unit>,...] [group=incident]',
  description:
    'Post alerts in this channel (default: also those no route matches; au=: only alerts of those administrative units). group=incident: one thread per incident.',
  permission: 'channel.manage',
  parse: triageHereArgs,
  menu: 'Post alerts in this channel; add default or au=EMEA to make it the default or limit it to an administrative unit',
  channelOnly: true,
} satisfies TextCommandSpec<z.infer<typeof triageHereArgs>>;

export const ROUTE_LIST_COMMAND = {
  name: 'route list',
  aliases: ['routes'],
  usage: 'route list',
  description: 'Show the routing rules, in the order they are tried.',
  permission: 'channel.manage',
  parse: noArgs,
  menu: 'List the alert routing rules',
} satisfies TextCommandSpec<''>;

export const ROUTE_ADD_COMMAND = {
  name: 'route add',
  usage: 'route add <conditions>',
  description:
    'Send matching alerts to this channel, e.g. route add severity>=high workload=SharePoint policy="PCI" au=EMEA source=microsoftDefenderForCloud tag=VIP. Add group=incident for one thread per incident.',
  permission: 'channel.manage',
  parse: someText,
  menu: 'Add a routing rule, e.g. route add severity>=high workload=SharePoint',
  channelOnly: true,
} satisfies TextCommandSpec<string>;

const position = z
  .string()
  .regex(/^\d+$/)
  .transform((n) => Number(n));

export const ROUTE_REMOVE_COMMAND = {
  name: 'route remove',
  usage: 'route remove <n>',
  description: 'Delete rule number n from route list.',
  permission: 'channel.manage',
  parse: position,
  menu: 'Remove a routing rule: route remove <n>',
  channelOnly: true,
} satisfies TextCommandSpec<number>;

/** `triage here`, `route list|add|remove`: triage channels and routing rules (ChannelAdmin checks the admin role). */
export function channelCommands(admin: ChannelAdmin): Inputs {
  return {
    textCommands: [
      textCommand(TRIAGE_HERE_COMMAND, async ({ actor, args, here, i18n }) => {
        const where = requireChannel(here, 'triage here');
        const channel = await admin.triageHere(actor, where, args.makeDefault, args.administrativeUnits, args.group);
        const units = channel.administrativeUnits?.map((u) => u.displayName) ?? [];
        const routeAdd = md(commandText(ROUTE_ADD_COMMAND, i18n).usage);
        const lines = [channel.isDefault ? i18n.t('channels.nowDefault') : i18n.t('channels.nowTriage', { routeAdd })];
        if (units.length) lines.push(i18n.t('channels.onlyUnits', { units: md(i18n.list(units)) }));
        if (channel.group === 'incident') lines.push(i18n.t('channels.byIncident'));
        return textAnswer(lines.join(' '));
      }),
      textCommand(ROUTE_LIST_COMMAND, async ({ actor, i18n }) =>
        textAnswer(routeList(await admin.describeRoutes(actor), i18n)),
      ),
      textCommand(ROUTE_ADD_COMMAND, async ({ actor, args, here, i18n }) => {
        const { position } = await admin.addRoute(actor, requireChannel(here, 'route add'), args);
        return textAnswer(i18n.t('routes.added', { n: position, conditions: md(args) }));
      }),
      textCommand(ROUTE_REMOVE_COMMAND, async ({ actor, args, i18n }) => {
        const rule = await admin.removeRoute(actor, args);
        return textAnswer(i18n.t('routes.removed', { n: args, rule: md(rule.text) }));
      }),
    ],
  };
}

/** Numbered rules, then the fallback; rule texts and channel names are data. */
function routeList({ rules, fallback }: RouteListing, i18n: Translator): string {
  const lines = rules.map((r, i) => i18n.t('routes.rule', { n: i + 1, rule: md(r.text), channel: md(r.channel) }));
  lines.push(fallback ? i18n.t('routes.otherwise', { channel: md(fallback) }) : i18n.t('routes.noDefault'));
  return [i18n.t('routes.heading'), ...lines].join('\n\n');
}

function requireChannel(here: ChannelCandidate | undefined, command: string): ChannelCandidate {
  if (here) return here;
  throw refusal('invalid', 'errors.channelOnly', { command });
}
