import { promises as fs } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { AlertViews } from '../bot/alert-views.js';
import { BotConnectorSender } from '../bot/bot-connector-sender.js';
import { TeamRoster } from '../bot/team-roster.js';
import { AssigneeResolver } from '../bot/assignee-resolver.js';
import { ThreadReviewer } from '../bot/thread-reviewer.js';
import { CardActions } from '../bot/card-actions.js';
import type { CardVerb } from '../cards/card-verbs.js';
import { viewActions } from '../bot/view-actions.js';
import { triageActions } from '../bot/triage-actions.js';
import { remediationActions } from '../bot/remediation-actions.js';
import { shareActions } from '../bot/share-actions.js';
import { tenantGuard } from '../bot/tenant-guard.js';
import { TextCommandHandler } from '../bot/text-command-handler.js';
import { TriageBot } from '../bot/triage-bot.js';
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
import { DemoAlertFeed } from './backends/local/demo-alert-feed.js';
import { AccessPolicyFile } from './state/file/access-policy-file.js';
import { CachedDirectory } from './backends/cached-directory.js';
import { buildLocalAccessPolicy } from './backends/local/local-access-policy.js';
import { LocalDirectory } from './backends/local/local-directory.js';
import { buildSeedTenant } from './backends/local/local-seed.js';
import { LowdbAlertStore } from './backends/local/lowdb-alert-store.js';
import { createPrivateFile, ensurePrivateDir } from './fs/private-files.js';
import { LocalRemediator } from './backends/local/local-remediator.js';
import { openGraphBackend } from './backends/graph/graph-backend.js';
import type { Remediator } from './triage/remediation/remediator.js';
import { RemediationService } from './triage/remediation/remediation-service.js';
import { AccessService } from './triage/access/access-service.js';
import type { Alert } from './triage/alert.js';
import { TriageService } from './triage/triage-service.js';
import { DigestService } from './triage/digest/digest-service.js';
import { DigestScheduler } from './digest/digest-scheduler.js';
import { DigestSubscriptions } from './digest/digest-subscriptions.js';
import { openFileState } from './state/file/open-file-state.js';
import { renderDigestCard } from '../cards/digest-card.js';
import { DigestCommands } from '../bot/digest-commands.js';
import { digestActions } from '../bot/digest-actions.js';
import { systemClock, type AlertStore, type Clock, type Directory } from './triage/ports.js';

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

  const backend =
    config.ALERT_BACKEND === 'graph'
      ? await graphBackend(config, log)
      : await localBackend(config, dataDir, clock, log);
  const store = backend.store;
  const directory = new CachedDirectory(backend.directory, config.DIRECTORY_CACHE_SECONDS * 1000, clock);
  const state = await openFileState(dataDir, clock, log);
  const audit = state.audit;
  const policyFile = await AccessPolicyFile.load(await accessPolicyPath(config, dataDir), log);
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

  // Filled once the handlers exist (they need the views): cards never offer a verb this build does not handle.
  const handledVerbs = new Set<CardVerb>();
  const connector = new BotConnectorSender(auth, config.MicrosoftAppId ?? 'dlp-triage-local', log);
  const roster = new TeamRoster(connector, channels, clock, log);
  const views = new AlertViews(
    access,
    clock,
    () => handledVerbs,
    roster,
    (id) => shares.activeLinks(id),
  );
  const renderShared = (alert: Alert) => views.channelCard(alert);

  const teams = options.teamsSender ?? connector;
  const sender = new OutboxSender(outbox, cards, channels, chats, teams, renderShared, audit, log, clock, {
    conversationLimits: options.conversationLimits ?? TEAMS_CONVERSATION_LIMITS,
    tenantLimits: [{ limit: config.TEAMS_TENANT_RATE_PER_SECOND, windowMs: 1_000 }],
    maxAgeMs: config.OUTBOX_MAX_AGE_HOURS * 3_600_000,
  });
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
  const feed = backend.feed;

  const admin = new ChannelAdmin(channels, directory, access, audit);
  const triage = new TriageService(store, directory, access, audit, notifier, clock);
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
    render: renderDigestCard,
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
  const cardActions = new CardActions(
    {
      ...viewActions(store, delivery, access, views),
      ...triageActions(triage, store, views, log, new AssigneeResolver(roster)),
      ...shareActions(shares, views),
      ...remediationActions(remediation, log),
      ...digestActions(digests, cards, clock),
    },
    state.invokeAnswers,
    log,
    audit,
  );
  for (const verb of cardActions.handledVerbs) handledVerbs.add(verb);
  const bot = new TriageBot(
    admin,
    chats,
    new TextCommandHandler(
      admin,
      channels,
      store,
      access,
      views,
      directory,
      audit,
      clock,
      new DigestCommands(digests, clock),
    ),
    cardActions,
    cards,
    new ThreadReviewer(triage, store, log),
    log,
    clock,
  );
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
    localStore: backend.local,
    outbox,
    cards,
    channels,
    async start() {
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
      feed?.start();
      return { host, port };
    },
    async stop() {
      feed?.stop();
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

/** One backend's adapters (ALERT_BACKEND), plus what only the local one has. */
interface Backend {
  store: AlertStore;
  directory: Directory;
  remediator: Remediator;
  local?: LowdbAlertStore;
  feed?: DemoAlertFeed;
}

/** The embedded lowdb backend: sample tenant, simulated remediation state, optional demo feed. */
async function localBackend(config: Config, dataDir: string, clock: Clock, log: Logger): Promise<Backend> {
  const store = await LowdbAlertStore.open(path.join(dataDir, 'local-tenant.json'), buildSeedTenant, clock);
  // Remediation state lives in its own file: the tenant file is the alert store's.
  const remediator = await LocalRemediator.open(
    path.join(dataDir, 'local-remediation.json'),
    () => store.tenant().alerts,
    clock,
    {
      ...(config.REMEDIATION_SENSITIVITY_LABEL ? { sensitivityLabel: config.REMEDIATION_SENSITIVITY_LABEL } : {}),
      ...(config.REMEDIATION_RETENTION_LABEL ? { retentionLabel: config.REMEDIATION_RETENTION_LABEL } : {}),
    },
  );
  const feed = new DemoAlertFeed(store, config.DEMO_ALERT_INTERVAL_SECONDS * 1000, clock, log);
  return { store, directory: new LocalDirectory(() => store.tenant()), remediator, local: store, feed };
}

/** Microsoft Graph and Defender for Endpoint; start-up stops here when the tenant cannot be used. */
async function graphBackend(config: Config, log: Logger): Promise<Backend> {
  const graph = openGraphBackend(config, log);
  await graph.check();
  return { store: graph.alerts, directory: graph.directory, remediator: graph.remediator };
}

/**
 * ACCESS_POLICY_FILE, or `<DATA_DIR>/access-policy.json`. The local backend writes its demo policy there
 * when the file does not exist yet (never over an existing one); an explicitly named file must exist.
 */
async function accessPolicyPath(config: Config, dataDir: string): Promise<string> {
  if (config.ACCESS_POLICY_FILE) return path.resolve(config.ACCESS_POLICY_FILE);
  const file = path.join(dataDir, 'access-policy.json');
  const exists = await fs.stat(file).then(
    () => true,
    () => false,
  );
  if (!exists && config.ALERT_BACKEND === 'local') {
    await createPrivateFile(file, JSON.stringify(buildLocalAccessPolicy(), null, 2) + '\n');
  }
  return file;
}
