import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AlertViews } from '../bot/alert-views.js';
import { CommandRouter } from '../bot/command-router.js';
import { alertCommands } from '../bot/features/alert-commands.js';
import { channelCommands } from '../bot/features/channel-commands.js';
import { ChannelScope } from '../bot/features/channel-scope.js';
import { digestCommand } from '../bot/features/digest-command.js';
import { digestVerbs } from '../bot/features/digest-verbs.js';
import { helpCommands } from '../bot/features/help-commands.js';
import { remediationVerbs } from '../bot/features/remediation-verbs.js';
import { reviewerCommands } from '../bot/features/reviewer-commands.js';
import { shareVerbs } from '../bot/features/share-verbs.js';
import { updateVerbs } from '../bot/features/update-verbs.js';
import { viewVerbs } from '../bot/features/view-verbs.js';
import { InvokeRouter } from '../bot/invoke-router.js';
import { Registry } from '../bot/registry/registry.js';
import { TeamsBot } from '../bot/teams-bot.js';
import { ThreadRouter } from '../bot/thread-router.js';
import { BotConnectorSender } from '../bot/bot-connector-sender.js';
import { TeamRoster } from '../bot/team-roster.js';
import { AssigneeResolver } from '../bot/assignee-resolver.js';
import { tenantGuard } from '../bot/tenant-guard.js';
import { redactedConfig, type Config } from './config.js';
import { AlertDelivery } from './delivery/alert-delivery.js';
import { CardRegistry } from './delivery/card-registry.js';
import { ChannelAdmin } from './delivery/channel-admin.js';
import { ChannelRegistry } from './delivery/channel-registry.js';
import { Outbox } from './delivery/outbox.js';
import { OutboxSender } from './delivery/outbox-sender.js';
import { PersonalChats } from './delivery/personal-chats.js';
import { OutboxNotifier } from './delivery/outbox-notifier.js';
import { TEAMS_CONVERSATION_LIMITS, type RateWindow } from './delivery/rate-limiter.js';
import type { TeamsSender } from './delivery/teams-sender.js';
import { AlertPoller } from './ingest/alert-poller.js';
import type { Logger } from './logger.js';
import { botAuthentication } from './http/bot-authentication.js';
import { EdgeAdapter } from './http/edge-adapter.js';
import { edgeSettings } from './http/edge-settings.js';
import { createServer } from './server.js';
import { HmacTokenSigner } from './share/hmac-token-signer.js';
import { SharePage } from './share/share-page.js';
import { shareLinkSecret } from './share/share-link-secret.js';
import { ShareService } from './triage/share/share-service.js';
import { ShareViewAudit } from './triage/share/share-view-audit.js';
import { AccessPolicyFile, type AccessPolicyFileContent } from './state/file/access-policy-file.js';
import { CachedDirectory } from './backends/cached-directory.js';
import type { LowdbAlertStore } from './backends/local/lowdb-alert-store.js';
import { openBackend } from './app/backends.js';
import { createPrivateFile, ensurePrivateDir } from './fs/private-files.js';
import { RemediationService } from './triage/remediation/remediation-service.js';
import { AccessService } from './triage/access/access-service.js';
import type { Alert } from './triage/alert.js';
import { AlertUpdates } from './triage/alert-updates.js';
import { DigestService } from './triage/digest/digest-service.js';
import { DigestScheduler } from './digest/digest-scheduler.js';
import { DigestSubscriptions } from './digest/digest-subscriptions.js';
import { openFileState } from './state/file/open-file-state.js';
import { renderNoticePayload } from '../cards/notice-payload-card.js';
import { systemClock, type AlertStore, type Clock } from './triage/ports.js';

export interface ComposeOptions {
  clock?: Clock;
  /** Replaces the per-conversation Teams limits (benchmarks measure the pipeline without them). */
  conversationLimits?: readonly RateWindow[];
  /** Replaces the Bot Connector sender (benchmarks). */
  teamsSender?: TeamsSender;
}

/** A composed, not yet started app. */
export interface App {
  start(): Promise<{ host: string; port: number }>;
  stop(): Promise<void>;
  readonly store: AlertStore;
  /** The local backend's store (its tenant file); absent with ALERT_BACKEND=graph. */
  readonly localStore?: LowdbAlertStore;
  readonly outbox: Outbox;
  readonly cards: CardRegistry;
  readonly channels: ChannelRegistry;
  /** Every input the bot answers (card verbs, text and thread commands). */
  readonly registry: Registry;
}

/** The composition root: the one place that picks and wires concrete adapters. */
export async function composeApp(config: Config, log: Logger, options: ComposeOptions = {}): Promise<App> {
  const clock = options.clock ?? systemClock;
  const dataDir = path.resolve(config.DATA_DIR);
  if ((await ensurePrivateDir(dataDir)) && ((await fs.stat(dataDir)).mode & 0o077) !== 0) {
    log.warn(
      { dataDir },
      'DATA_DIR is open to other users; the files in it are 0600, but consider chmod 700 on the folder',
    );
  }

  const backend = await openBackend(config, { dataDir, clock, log });
  const store = backend.alerts;
  const directory = new CachedDirectory(backend.directory, config.DIRECTORY_CACHE_SECONDS * 1000, clock);
  const state = await openFileState(dataDir, clock, log);
  const audit = state.audit;
  const policyFile = await AccessPolicyFile.load(
    await accessPolicyPath(config, dataDir, backend.demoAccessPolicy),
    log,
  );
  policyFile.watch();
  const access = new AccessService(directory, () => policyFile.current(), audit);
  const outbox = await Outbox.load(state.outbox);
  const cards = await CardRegistry.load(state.postedCards);
  const channels = await ChannelRegistry.load(state.channels);
  const chats = await PersonalChats.load(state.personalChats);
  const delivery = new AlertDelivery(outbox, cards, channels, directory, clock);
  const notifier = new OutboxNotifier(delivery, outbox, clock);
  channels.onChange(() => {
    delivery.routeParked().catch((e) => log.error({ err: e }, 'routing parked alerts failed'));
  });

  const auth = botAuthentication(config);
  const adapter = new EdgeAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error({ err: error, activityId: context.activity.id, type: context.activity.type }, 'unhandled turn error');
    // Say so where a person is waiting (a message, or an install); never for invokes, which have their own answer.
    if (context.activity.type !== 'invoke') {
      await context
        .sendActivity(
          `Something went wrong on my side (reference ${context.activity.id ?? 'unknown'}). Try again in a minute; if it keeps happening, tell your admin.`,
        )
        .catch(() => undefined);
    }
  };
  if (config.ALLOWED_TENANT_IDS) adapter.use(tenantGuard(config.ALLOWED_TENANT_IDS, log));

  // Share links point at PUBLIC_BASE_URL; local mode falls back to the loopback address, known once listening.
  let listeningUrl: string | undefined;
  const shareViews = new ShareViewAudit(audit, clock);
  const shares = new ShareService({
    alerts: store,
    access,
    links: state.shareLinks,
    signer: new HmacTokenSigner(await shareLinkSecret(config, dataDir, log)),
    audit,
    views: shareViews,
    notifier,
    clock,
    ttlHours: config.SHARE_LINK_TTL_HOURS,
    baseUrl: () => config.PUBLIC_BASE_URL?.replace(/\/+$/, '') ?? (config.localMode ? listeningUrl : undefined),
  });

  // Every input the bot answers; views read it when they draw a card, once every capability is in.
  const registry = new Registry();
  const connector = new BotConnectorSender(auth, config.MicrosoftAppId ?? 'dlp-triage-local', log);
  const roster = new TeamRoster(connector, channels, clock, log);
  const views = new AlertViews(access, clock, registry, roster, (id) => shares.activeLinks(id));
  const renderShared = (alert: Alert) => views.channelCard(alert);

  const teams = options.teamsSender ?? connector;
  const sender = new OutboxSender(
    outbox,
    cards,
    channels,
    chats,
    teams,
    renderShared,
    renderNoticePayload,
    audit,
    log,
    clock,
    {
      conversationLimits: options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS,
      tenantLimits: [{ limit: config.TEAMS_TENANT_RATE_PER_SECOND, windowMs: 1_000 }],
      maxAgeMs: config.OUTBOX_MAX_AGE_HOURS * 3_600_000,
    },
  );
  // In-turn replies (command answers, the welcome) go to Teams directly; they count against the same limits.
  adapter.use({
    onTurn: async (context, next) => {
      context.onSendActivities(async (ctx, activities, send) => {
        const conversationId = ctx.activity.conversation?.id;
        const counted = activities.filter((a) => a.type !== 'invokeResponse').length;
        const settles = conversationId
          ? Array.from({ length: counted }, () => sender.noteDirectSend(conversationId))
          : [];
        try {
          return await send();
        } finally {
          settles.forEach((settle) => settle());
        }
      });
      await next();
    },
  });
  const poller = await AlertPoller.open(state.watermark, store, delivery, config.POLL_INTERVAL_SECONDS * 1000, log);

  const admin = new ChannelAdmin(channels, directory, access, audit);
  const triage = new AlertUpdates(store, directory, access, audit, notifier, clock);
  const remediator = backend.remediator;
  const remediation = new RemediationService({
    alerts: store,
    access,
    remediator,
    plans: state.remediationPlans,
    audit,
    notifier,
    clock,
    mode: config.REMEDIATION_MODE,
  });
  const digestSubscriptions = await DigestSubscriptions.load(state.digestSubscriptions);
  const digests = new DigestService({
    alerts: store,
    access,
    directory,
    notifier,
    subscriptions: digestSubscriptions,
    channels,
    audit,
    clock,
    sla: { high: config.SLA_HOURS_HIGH, medium: config.SLA_HOURS_MEDIUM, low: config.SLA_HOURS_LOW },
  });
  const digestScheduler = new DigestScheduler(
    digestSubscriptions,
    (id, localDate) => digests.deliver(id, localDate),
    clock,
    log,
    {
      catchUpHours: config.DIGEST_CATCHUP_HOURS,
    },
  );
  const scope = new ChannelScope(channels, access);
  registry.add(helpCommands(registry, access));
  registry.add(viewVerbs({ store, delivery, access, views }));
  registry.add(alertCommands({ store, access, views, scope, directory, audit, clock }));
  registry.add(updateVerbs({ triage, store, views, assignees: new AssigneeResolver(roster), log }));
  registry.add(reviewerCommands(triage, store, registry));
  registry.add(shareVerbs(shares, views));
  registry.add(remediationVerbs(remediation, log));
  registry.add(channelCommands(admin));
  registry.add(digestVerbs(digests, cards, clock));
  registry.add(digestCommand(digests, clock));
  const bot = new TeamsBot({
    admin,
    chats,
    threads: cards,
    invokes: new InvokeRouter(registry, state.invokeAnswers, log, audit),
    commands: new CommandRouter(registry),
    reviewer: new ThreadRouter(registry, triage),
    log,
    clock,
  });
  const sharePage = new SharePage(shares, log);
  const server = createServer({
    adapter,
    bot,
    log,
    ...edgeSettings(config),
    sharePage: (token, viewer) => sharePage.answer(token, viewer),
    health: () => ({
      backend: config.ALERT_BACKEND,
      mode: config.localMode ? 'local' : 'authenticated',
      triageChannels: channels.list().length,
      outbox: sender.stats(),
      watermark: poller.watermark,
    }),
  });

  return {
    store,
    localStore: 'localStore' in backend ? backend.localStore : undefined,
    outbox,
    cards,
    channels,
    registry,
    async start() {
      // The backend's start-up checks come first: the bot does not listen when it cannot work.
      await backend.start();
      const host = config.localMode ? '127.0.0.1' : '0.0.0.0';
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, host, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      listeningUrl = `http://127.0.0.1:${port}`;
      log.info({ host, port, config: redactedConfig(config) }, 'listening');
      if (config.localMode) {
        log.warn(
          'MicrosoftAppId is not set: running in local mode without authentication, on 127.0.0.1 only. Never expose this to a network.',
        );
      }
      await delivery.routeParked();
      sender.start();
      shareViews.start((e) => log.error({ err: e }, 'writing share view summaries to the audit log failed'));
      digestScheduler.start();
      poller.start();
      return { host, port };
    },
    async stop() {
      await backend.stop();
      policyFile.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await poller.stop();
      await digestScheduler.stop();
      await sender.stop();
      await shareViews.stop();
      await state.close();
      log.info('stopped');
    },
  };
}

/**
 * ACCESS_POLICY_FILE, or `<DATA_DIR>/access-policy.json`. A backend with a demo policy (the local one)
 * has it written there when the file does not exist yet (never over an existing one); an explicitly
 * named file must exist.
 */
async function accessPolicyPath(
  config: Config,
  dataDir: string,
  demoPolicy: AccessPolicyFileContent | undefined,
): Promise<string> {
  if (config.ACCESS_POLICY_FILE) return path.resolve(config.ACCESS_POLICY_FILE);
  const file = path.join(dataDir, 'access-policy.json');
  const exists = await fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists && demoPolicy) {
    await createPrivateFile(file, JSON.stringify(demoPolicy, null, 2) + '\n');
  }
  return file;
}
