import type { AddressInfo } from 'node:net';
import { CardActions } from '../../bot/card-actions.js';
import { CommandRouter } from '../../bot/command-router.js';
import { InvokeRouter } from '../../bot/invoke-router.js';
import { TeamsBot } from '../../bot/teams-bot.js';
import { ThreadRouter } from '../../bot/thread-router.js';
import { TurnLanguage } from '../../bot/turn-language.js';
import { redactedConfig } from '../config.js';
import { edgeSettings } from '../http/edge-settings.js';
import { createServer } from '../server.js';
import { subscriptionIdOf } from '../triage/digest/digest-subscription.js';
import type { Component, Contribution } from './capability.js';
import type { Parts } from './parts.js';

/** Where the server listens once started. */
export interface Listening {
  host: string;
  port: number;
}

/**
 * The Teams bot over the registry's routers, and the HTTP server it is reached through (with every
 * capability's routes and health facts), as a component that listens on start and closes on stop.
 */
export function teamsServer(
  parts: Parts,
  contributions: readonly Contribution[],
): Component & { listening?: Listening } {
  const { config, log, clock, registry, state } = parts;
  // Without a zone from Teams, a person's times are shown in the zone of their personal digest.
  const digestZoneOf = async (userId: string) =>
    (await state.digestSubscriptions.get(subscriptionIdOf({ kind: 'user', userId })))?.timeZone;
  const language = new TurnLanguage(parts.messages, digestZoneOf);
  const invokes = new InvokeRouter(registry, state.invokeAnswers, log, language, state.audit);
  const bot = new TeamsBot({
    admin: parts.admin,
    chats: parts.chats,
    threads: parts.cards,
    invokes,
    commands: new CommandRouter(registry),
    reviewer: new ThreadRouter(registry),
    language,
    log,
    clock,
  });
  const server = createServer({
    adapter: parts.adapter,
    bot,
    cardActions: new CardActions(invokes, parts.tenantAllowed),
    log,
    ...edgeSettings(config),
    routes: contributions.flatMap((c) => c.routes ?? []),
    health: () => ({
      backend: config.ALERT_BACKEND,
      mode: config.localMode ? 'local' : 'authenticated',
      ...Object.assign({}, ...contributions.map((c) => c.health?.() ?? {})),
    }),
  });
  const component: Component & { listening?: Listening } = {
    name: 'HTTP server',
    async start() {
      const host = config.localMode ? '127.0.0.1' : '0.0.0.0';
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(config.PORT, host, () => resolve());
      });
      const port = (server.address() as AddressInfo).port;
      parts.address.listeningOn(port);
      component.listening = { host, port };
      log.info({ host, port, config: redactedConfig(config) }, 'listening');
      if (config.localMode) {
        log.warn(
          'MicrosoftAppId is not set: running in local mode without authentication, on 127.0.0.1 only. Never expose this to a network.',
        );
      }
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return component;
}
