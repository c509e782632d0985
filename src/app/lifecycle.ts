import type { Logger } from '../logger.js';
import type { Component } from './capability.js';

/**
 * Starts components in order; if one fails, stops the ones already started (in reverse) and rethrows,
 * so a failed start leaves nothing running.
 */
export async function startAll(components: readonly Component[], log: Logger): Promise<void> {
  const started: Component[] = [];
  try {
    for (const component of components) {
      await component.start?.();
      started.push(component);
    }
  } catch (e) {
    await stopAll(started, log);
    throw e;
  }
}

/** Stops components in reverse order; one failing to stop does not keep the others running. */
export async function stopAll(components: readonly Component[], log: Logger): Promise<void> {
  for (const component of [...components].reverse()) {
    try {
      await component.stop?.();
    } catch (e) {
      log.error({ err: e, component: component.name }, 'stopping a component failed');
    }
  }
}
