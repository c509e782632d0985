/**
 * Small fake capabilities for in-process tests of the Teams glue: a text command, a card verb and a
 * thread command that record every run (with the request the router built), and entries that fail with
 * a domain refusal or with an unexpected error.
 */
import { z } from 'zod';
import { md } from '../../cards/card-text.js';
import { cardAnswer, textAnswer } from '../../bot/registry/answer.js';
import { cardVerb, type Click } from '../../bot/registry/card-verb.js';
import { Registry } from '../../bot/registry/registry.js';
import { textCommand, type CommandRequest } from '../../bot/registry/text-command.js';
import { threadCommand, type ThreadRequest } from '../../bot/registry/thread-command.js';
import { TriageError } from '../../src/triage/triage-error.js';

/** A domain refusal, with markdown in it (a message must escape it, an invoke answer carries it as is). */
export const REFUSAL = 'You may not change *this* alert.';
/** What an unexpected failure says internally: it must reach the log and never the user. */
export const INTERNAL = 'connect ECONNREFUSED db.internal:5432 (password=hunter2)';

/** The runs of each recording entry, in order. */
export interface GlueRuns {
  ping: CommandRequest<string>[];
  count: Click<{ n?: number }>[];
  ack: ThreadRequest<string>[];
}

/** A registry holding the fake entries, and their runs. */
export function glueRegistry(): { registry: Registry; runs: GlueRuns } {
  const runs: GlueRuns = { ping: [], count: [], ack: [] };
  const words = z.string();
  const spec = (name: string) => ({
    name,
    usage: `${name} [words]`,
    description: `The ${name} command.`,
    parse: words,
  });
  const registry = new Registry();
  registry.add({
    textCommands: [
      textCommand(spec('ping'), async (request) => {
        runs.ping.push(request);
        return textAnswer(`pong ${md(request.args)}`);
      }),
      textCommand(spec('refuse'), async () => {
        throw new TriageError('forbidden', REFUSAL);
      }),
      textCommand(spec('crash'), async () => {
        throw new Error(INTERNAL);
      }),
    ],
    verbs: [
      cardVerb('count.click', undefined, z.looseObject({ n: z.number().optional() }), async (click) => {
        runs.count.push(click);
        return cardAnswer({ type: 'AdaptiveCard', version: '1.5', body: [], run: runs.count.length });
      }),
      cardVerb(
        'count.view',
        undefined,
        z.looseObject({}),
        async (click) => {
          runs.count.push(click);
          return cardAnswer({ type: 'AdaptiveCard', version: '1.5', body: [], run: runs.count.length });
        },
        { repeatable: true },
      ),
      cardVerb('refuse.click', undefined, z.looseObject({}), async () => {
        throw new TriageError('forbidden', REFUSAL);
      }),
      cardVerb('crash.click', undefined, z.looseObject({}), async () => {
        throw new Error(INTERNAL);
      }),
    ],
    threadCommands: [
      threadCommand({ name: 'ack', aliases: ['ok'], usage: 'ack', parse: words }, async (request) => {
        runs.ack.push(request);
        return textAnswer(`acknowledged ${request.alertId}`);
      }),
    ],
  });
  return { registry, runs };
}
