import type { Inputs } from '../../bot/registry/registry.js';
import type { HttpRoute } from '../http/http-route.js';

export type { HttpRoute } from '../http/http-route.js';

/** Something with a lifecycle: the app starts components in order and stops them in reverse. */
export interface Component {
  /** For the log when starting or stopping it fails. */
  readonly name: string;
  start?(): Promise<void> | void;
  stop?(): Promise<void> | void;
}

/**
 * What one capability adds to the app: the inputs the bot answers (card verbs, text and thread
 * commands), HTTP routes, components with a lifecycle, and facts for /healthz.
 */
export interface Contribution {
  inputs?: readonly Inputs[];
  routes?: HttpRoute[];
  components?: Component[];
  health?: () => Record<string, unknown>;
}
