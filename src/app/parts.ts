import { promises as fs } from 'node:fs';
import path from 'node:path';
import { AlertViews } from '../../bot/alert-views.js';
import { SharedViews } from '../../bot/shared-views.js';
import { RefreshAudience } from '../../bot/refresh-audience.js';
import { Registry } from '../../bot/registry/registry.js';
import { CachedDirectory } from '../backends/cached-directory.js';
import type { Config } from '../config.js';
import { ChannelAdmin } from '../delivery/channel-admin.js';
import { ensurePrivateDir } from '../fs/private-files.js';
import type { Logger } from '../logger.js';
import { HmacTokenSigner } from '../share/hmac-token-signer.js';
import { shareLinkSecret } from '../share/share-link-secret.js';
import { AccessPolicyFile } from '../state/file/access-policy-file.js';
import { openFileState } from '../state/file/open-file-state.js';
import type { BotState } from '../state/bot-state.js';
import { AccessService } from '../triage/access/access-service.js';
import { systemClock, type AlertStore, type Clock, type Directory } from '../triage/ports.js';
import { ShareService } from '../triage/share/share-service.js';
import { ShareViewAudit } from '../triage/share/share-view-audit.js';
import { IncidentContexts } from '../triage/incidents/incident-context.js';
import { accessPolicyPath } from './access-policy-path.js';
import { openBackend, type OpenedBackend } from './backends.js';
import type { AppOptions } from './app-options.js';
import type { Component } from './capability.js';
import { openDeliveryParts, type DeliveryParts } from './delivery-parts.js';
import { PublicAddress } from './public-address.js';
import { openTeamsParts, type TeamsParts } from './teams-parts.js';
import { Messages } from '../i18n/messages.js';

/**
 * What the capabilities share: the configuration, the backend and the bot's state behind their ports,
 * access, delivery, the Teams adapter and connector, share links and the alert views, and the registry
 * every capability adds its inputs to. Only src/app knows the concrete classes behind them.
 */
export interface Parts extends DeliveryParts, TeamsParts {
  config: Config;
  log: Logger;
  clock: Clock;
  options: AppOptions;
  dataDir: string;
  backend: OpenedBackend;
  store: AlertStore;
  /** The backend's directory behind a cache (DIRECTORY_CACHE_SECONDS). */
  directory: Directory;
  state: BotState;
  access: AccessService;
  admin: ChannelAdmin;
  address: PublicAddress;
  shares: ShareService;
  shareViews: ShareViewAudit;
  registry: Registry;
  views: AlertViews;
  /** Who a channel card refreshes for by itself (refresh.userIds). */
  audience: RefreshAudience;
  /** The message catalogues, compiled once: every reply and proactive message is worded through them. */
  messages: Messages;
}

/** Opens the shared parts, and the components that own their lifecycles (backend, state, policy file). */
export async function openParts(
  config: Config,
  log: Logger,
  options: AppOptions,
): Promise<{ parts: Parts; components: Component[] }> {
  const clock = options.clock ?? systemClock;
  const dataDir = await privateDataDir(config, log);
  const backend = await openBackend(config, { dataDir, clock, log });
  const state = await openFileState(dataDir, clock, log);
  const policyPath = await accessPolicyPath(config, dataDir, backend.demoAccessPolicy);
  const policyFile = await AccessPolicyFile.load(policyPath, log);
  const directory = new CachedDirectory(backend.directory, config.DIRECTORY_CACHE_SECONDS * 1000, clock);
  const access = new AccessService(directory, () => policyFile.current(), state.audit);
  const delivery = await openDeliveryParts(
    state,
    directory,
    clock,
    { threshold: config.STORM_THRESHOLD, windowMs: config.STORM_WINDOW_MINUTES * 60_000 },
    backend.incidents,
  );
  const messages = new Messages();
  const teams = openTeamsParts(config, log, clock, delivery.channels, messages);
  const address = new PublicAddress(config);
  const shareViews = new ShareViewAudit(state.audit, clock);
  const shares = new ShareService({
    alerts: backend.alerts,
    access,
    links: state.shareLinks,
    signer: new HmacTokenSigner(await shareLinkSecret(config, dataDir, log)),
    audit: state.audit,
    views: shareViews,
    notifier: delivery.notifier,
    clock,
    ttlHours: config.SHARE_LINK_TTL_HOURS,
    baseUrl: () => address.baseUrl(),
  });
  // Views read the registry when they draw a card, once every capability has added its verbs.
  const registry = new Registry();
  const sla = { high: config.SLA_HOURS_HIGH, medium: config.SLA_HOURS_MEDIUM, low: config.SLA_HOURS_LOW };
  const views = new AlertViews(access, clock, registry, teams.roster, (id) => shares.activeLinks(id), {
    people: directory,
    sla,
    channelReader: messages.translator(),
    shared: new SharedViews(() => clock.now().getTime()),
    incidents: new IncidentContexts(backend.incidents, access),
  });
  const audience = new RefreshAudience(teams.roster, access, log);
  const admin = new ChannelAdmin(delivery.channels, directory, access, state.audit);
  const parts: Parts = {
    ...delivery,
    ...teams,
    ...{ config, log, clock, options, dataDir, backend, store: backend.alerts, directory, state, access, admin },
    ...{ address, shares, shareViews, registry, views, audience, messages },
  };
  return { parts, components: coreComponents(backend, state, policyFile) };
}

/** The backend starts first (its start-up checks) and stops last; state closes after everything using it. */
function coreComponents(backend: OpenedBackend, state: BotState, policyFile: AccessPolicyFile): Component[] {
  return [
    { name: 'state', stop: () => state.close() },
    { name: 'backend', start: () => backend.start(), stop: () => backend.stop() },
    { name: 'access policy file', start: () => policyFile.watch(), stop: () => policyFile.close() },
  ];
}

/** DATA_DIR, created 0700 when missing; a warning when an existing one is open to other users. */
async function privateDataDir(config: Config, log: Logger): Promise<string> {
  const dataDir = path.resolve(config.DATA_DIR);
  if ((await ensurePrivateDir(dataDir)) && ((await fs.stat(dataDir)).mode & 0o077) !== 0) {
    const advice = 'DATA_DIR is open to other users; the files in it are 0600, but consider chmod 700 on the folder';
    log.warn({ dataDir }, advice);
  }
  return dataDir;
}
