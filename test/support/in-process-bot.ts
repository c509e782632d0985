/**
 * The Teams glue in process: a real TeamsBot with its real routers (InvokeRouter, CommandRouter,
 * ThreadRouter) over a Registry the test fills, behind a real botbuilder CloudAdapter with auth off
 * (no app id). Activities go in through `adapter.process` with minimal request and response objects, as
 * an HTTP server hands them over; the bot's messages go out through the activity's serviceUrl to the
 * loopback FakeTeamsConnector. The ports around the glue are small state-based fakes, or the real
 * state classes over a temp folder (triage channels, personal chats).
 */
import { md } from '../../cards/card-text.js';
import { textAnswer } from '../../bot/registry/answer.js';
import { Writable } from 'node:stream';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { CommandRouter } from '../../bot/command-router.js';
import { InvokeRouter } from '../../bot/invoke-router.js';
import type { Registry } from '../../bot/registry/registry.js';
import { TeamsBot } from '../../bot/teams-bot.js';
import { ThreadRouter } from '../../bot/thread-router.js';
import { TurnLanguage } from '../../bot/turn-language.js';
import { Messages } from '../../src/i18n/messages.js';
import { ChannelAdmin } from '../../src/delivery/channel-admin.js';
import type { ChannelRegistry } from '../../src/delivery/channel-registry.js';
import type { PersonalChats } from '../../src/delivery/personal-chats.js';
import { createLogger } from '../../src/logger.js';
import { MemoryInvokeAnswerCache } from '../../src/state/memory/memory-invoke-answer-cache.js';
import type { Requester } from '../../src/triage/access/access-service.js';
import type { AuditRecord } from '../../src/triage/ports.js';
import { FakeTeamsConnector, type RecordedCall } from './fake-teams-connector.js';
import { FileDeliveryState } from './file-delivery-state.js';
import { glueRegistry, type GlueRuns } from './glue-features.js';
import { useTempDir } from './unit-temp-dir.js';

/** What the HTTP response carried: the status and, for invokes, the body. */
export interface Answered {
  status: number;
  body: any;
}

/** A comment the thread router handed to the domain. */
export interface RecordedComment {
  actor: Requester;
  alertId: string;
  text: string;
}

const NOW = new Date('2026-03-10T12:00:00.000Z');

export class InProcessBot {
  readonly connector = new FakeTeamsConnector();
  /** The bot's log lines, parsed. */
  readonly logs: Record<string, any>[] = [];
  /** Alert threads the bot knows: conversation id → alert id (what CardRegistry answers). */
  readonly threads = new Map<string, string>();
  /** Comments the reviewer loop wrote (AlertUpdates.comment, faked). */
  readonly comments: RecordedComment[] = [];
  /** What the invoke router audited. */
  readonly audits: AuditRecord[] = [];
  serviceUrl = '';
  private readonly adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  private readonly state: FileDeliveryState;
  private bot!: TeamsBot;
  channels!: ChannelRegistry;
  chats!: PersonalChats;

  private constructor(dir: string) {
    this.state = new FileDeliveryState(dir);
  }

  /** Starts the connector and builds the bot over `registry`, keeping its state in `dir`. */
  static async start(dir: string, registry: Registry): Promise<InProcessBot> {
    const harness = new InProcessBot(dir);
    await harness.build(registry);
    return harness;
  }

  private async build(registry: Registry): Promise<void> {
    this.serviceUrl = await this.connector.start();
    this.channels = await this.state.channels();
    this.chats = await this.state.chats();
    const log = createLogger(
      'debug',
      new Writable({ write: (chunk, _encoding, done) => (this.logs.push(JSON.parse(String(chunk))), done()) }),
    );
    const unused = {} as never; // install registration needs none of the admin commands' services
    // What the triage capability registers in the app: a thread message that is no command is a comment.
    if (!registry.threadFallback) {
      registry.add({
        threadFallback: async ({ actor, alertId, args }) => {
          this.comments.push({ actor, alertId, text: args });
          return textAnswer(`${md(actor.name)}: comment added to the alert.`);
        },
      });
    }
    const language = new TurnLanguage(new Messages());
    this.bot = new TeamsBot({
      admin: new ChannelAdmin(this.channels, unused, unused, unused),
      chats: this.chats,
      threads: { alertIdForThread: (conversationId) => this.threads.get(conversationId) },
      invokes: new InvokeRouter(registry, new MemoryInvokeAnswerCache(), log, language, {
        append: async (record) => void this.audits.push(record),
      }),
      commands: new CommandRouter(registry),
      reviewer: new ThreadRouter(registry),
      language,
      log,
      clock: { now: () => NOW },
    });
  }

  /** Hands one activity to the adapter as an HTTP server would (POST, parsed JSON body, no token). */
  async send(activity: object): Promise<Answered> {
    const answered: Answered = { status: 0, body: undefined };
    const res = {
      socket: undefined,
      header: () => undefined,
      status: (code: number) => void (answered.status = code),
      send: (body: unknown) => void (answered.body = body),
      end: () => undefined,
    };
    const req = { method: 'POST', headers: {}, body: activity as Record<string, unknown> };
    await this.adapter.process(req, res, (context) => this.bot.run(context));
    return answered;
  }

  /** What the bot sent to Teams in answer to the activity `id` (replies in its conversation). */
  repliesTo(id: string): RecordedCall[] {
    return this.connector.posted.filter((c) => c.replyToId === id);
  }

  /** The texts of those replies. */
  replyTextsTo(id: string): string[] {
    return this.repliesTo(id).map((c) => String(c.body?.text ?? ''));
  }

  async stop(): Promise<void> {
    await this.connector.stop();
    await this.state.close();
  }
}

/**
 * For each test a fresh InProcessBot over the fake glue entries (test/support/glue-features.ts) and a temp
 * folder, stopped after it. Call inside a `describe`; read `.bot` and `.runs` in tests.
 */
export function useInProcessBot(prefix: string): { readonly bot: InProcessBot; readonly runs: GlueRuns } {
  const tmp = useTempDir(prefix);
  let current: { bot: InProcessBot; runs: GlueRuns } | undefined;
  beforeEach(async () => {
    const glue = glueRegistry();
    current = { bot: await InProcessBot.start(tmp.path, glue.registry), runs: glue.runs };
  });
  afterEach(async () => {
    await current?.bot.stop();
    current = undefined;
  });
  const get = () => {
    if (!current) throw new Error('useInProcessBot: no bot outside a test');
    return current;
  };
  return {
    get bot() {
      return get().bot;
    },
    get runs() {
      return get().runs;
    },
  };
}
