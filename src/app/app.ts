import type { Registry } from '../../bot/registry/registry.js';
import type { LowdbAlertStore } from '../backends/local/lowdb-alert-store.js';
import type { Config } from '../config.js';
import type { CardRegistry } from '../delivery/card-registry.js';
import type { ChannelRegistry } from '../delivery/channel-registry.js';
import type { Outbox } from '../delivery/outbox.js';
import type { Logger } from '../logger.js';
import type { AlertStore } from '../triage/ports.js';
import type { AppOptions } from './app-options.js';
import type { Contribution } from './capability.js';
import { channelsCapability } from './channels.js';
import { deliveryCapability } from './delivery.js';
import { digestCapability } from './digest.js';
import { helpCapability } from './help.js';
import { incidentsCapability } from './incidents.js';
import { investigationCapability } from './investigation.js';
import { startAll, stopAll } from './lifecycle.js';
import { openParts, type Parts } from './parts.js';
import { remediationCapability } from './remediation.js';
import { shareCapability } from './share.js';
import { teamsServer, type Listening } from './teams.js';
import { triageCapability } from './triage.js';

export type { AppOptions } from './app-options.js';

/**
 * The capabilities, in the order help lists their commands and their components start (and stop in
 * reverse). A new capability is one module here.
 */
const CAPABILITIES: readonly ((parts: Parts) => Contribution | Promise<Contribution>)[] = [
  helpCapability,
  deliveryCapability,
  triageCapability,
  investigationCapability,
  incidentsCapability,
  channelsCapability,
  shareCapability,
  remediationCapability,
  digestCapability,
];

/** A composed, not yet started app. */
export interface App {
  start(): Promise<Listening>;
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

/**
 * The composition root: opens the shared parts (backend, state, access, delivery, views), lets each
 * capability add its inputs, routes and components, and puts the HTTP server in front. Start runs the
 * components in order (the backend's start-up checks first, the server before delivery so share links
 * have an address), stop in reverse.
 */
export async function composeApp(config: Config, log: Logger, options: AppOptions = {}): Promise<App> {
  const { parts, components: core } = await openParts(config, log, options);
  const contributions: Contribution[] = [];
  for (const capability of CAPABILITIES) contributions.push(await capability(parts));
  for (const inputs of contributions.flatMap((c) => c.inputs ?? [])) parts.registry.add(inputs);
  const server = teamsServer(parts, contributions);
  const components = [...core, server, ...contributions.flatMap((c) => c.components ?? [])];
  const { backend } = parts;
  return {
    store: parts.store,
    localStore: 'localStore' in backend ? backend.localStore : undefined,
    outbox: parts.outbox,
    cards: parts.cards,
    channels: parts.channels,
    registry: parts.registry,
    async start() {
      await startAll(components, log);
      return server.listening!;
    },
    async stop() {
      await stopAll(components, log);
      log.info('stopped');
    },
  };
}
