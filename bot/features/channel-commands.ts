import { z } from 'zod';
import { md } from '../../cards/card-text.js';
import type { ChannelAdmin, ChannelCandidate, RouteListing } from '../../src/delivery/channel-admin.js';
import { TriageError } from '../../src/triage/triage-error.js';
import { textAnswer } from '../registry/answer.js';
import type { Inputs } from '../registry/registry.js';
import { textCommand, type TextCommandSpec } from '../registry/text-command.js';
import { noArgs, someText } from './arguments.js';

/** `[default] [au=<unit>,...]` in any order. */
const triageHereArgs = z
  .string()
  .regex(/^(?:(?:default|au=\S+)(?:\s+|$))*$/i)
  .transform((text) => {
    const words = text.split(' ').filter(Boolean);
    const units = words
      .filter((w) => /^au=/i.test(w))
      .flatMap((w) => w.slice(3).split(','))
      .map((u) => u.trim())
      .filter(Boolean);
    return { makeDefault: words.some((w) => w.toLowerCase() === 'default'), administrativeUnits: units };
  });

export const TRIAGE_HERE_COMMAND = {
  name: 'triage here',
  usage: 'triage here [default] [au=<unit>,...]',
  description:
    'Post alerts in this channel (default: also those no route matches; au=: only alerts of those administrative units).',
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
    'Send matching alerts to this channel, e.g. route add severity>=high workload=SharePoint policy="PCI" au=EMEA.',
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
      textCommand(TRIAGE_HERE_COMMAND, async ({ actor, args, here }) => {
        const where = requireChannel(here, 'triage here');
        const channel = await admin.triageHere(actor, where, args.makeDefault, args.administrativeUnits);
        const units = channel.administrativeUnits?.map((u) => u.displayName).join(', ');
        const scope = units ? ` Only alerts of AU ${md(units)} are posted here.` : '';
        return textAnswer(
          (channel.isDefault
            ? 'This channel is now the default triage channel: alerts that no route sends elsewhere are posted here.'
            : `This channel is now a triage channel. Use **${md('route add <conditions>')}** here to choose which alerts come here, or **triage here default** to make it the default.`) +
            scope,
        );
      }),
      textCommand(ROUTE_LIST_COMMAND, async ({ actor }) => textAnswer(routeList(await admin.describeRoutes(actor)))),
      textCommand(ROUTE_ADD_COMMAND, async ({ actor, args, here }) => {
        const { position } = await admin.addRoute(actor, requireChannel(here, 'route add'), args);
        return textAnswer(`Added rule ${position}: alerts matching **${md(args)}** will be posted in this channel.`);
      }),
      textCommand(ROUTE_REMOVE_COMMAND, async ({ actor, args }) => {
        const rule = await admin.removeRoute(actor, args);
        return textAnswer(`Removed rule ${args} (${md(rule.text)}).`);
      }),
    ],
  };
}

/** Numbered rules, then the fallback; rule texts and channel names are data. */
function routeList({ rules, fallback }: RouteListing): string {
  const lines = rules.map((r, i) => `${i + 1}. ${md(r.text)} → ${md(r.channel)}`);
  lines.push(
    fallback
      ? `Otherwise → ${md(fallback)} (default)`
      : 'Otherwise → no default triage channel yet: alerts wait until one is set with "triage here".',
  );
  return ['Routing rules (the first match wins):', ...lines].join('\n\n');
}

function requireChannel(here: ChannelCandidate | undefined, command: string): ChannelCandidate {
  if (here) return here;
  throw new TriageError(
    'invalid',
    `"${command}" works in a team channel: mention me there, e.g. "@DLP Triage ${command}".`,
  );
}
