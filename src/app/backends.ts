import type { Config } from '../config.js';
import type { Backend, BackendEnv } from '../backends/backend.js';
import { openGraphBackend } from '../backends/graph/graph-backend.js';
import { openLocalBackend } from '../backends/local/local-backend.js';

/** Opens one backend from the configuration. */
export type BackendOpener = (config: Config, env: BackendEnv) => Promise<Backend>;

/** An opener for every ALERT_BACKEND value: a value without one does not compile. */
export type BackendOpeners = { readonly [name in Config['ALERT_BACKEND']]: BackendOpener };

/** The one place a backend is chosen: adding a backend is its folder plus one line here. */
export const BACKEND_OPENERS = {
  local: openLocalBackend,
  graph: openGraphBackend,
} as const satisfies BackendOpeners;

/** What an opener returns: a Backend, narrowed by what only some offer (`'localStore' in backend`). */
export type OpenedBackend = Awaited<ReturnType<(typeof BACKEND_OPENERS)[Config['ALERT_BACKEND']]>>;

/** Opens the backend ALERT_BACKEND names; nothing of it runs before its `start()`. */
export function openBackend(config: Config, env: BackendEnv): Promise<OpenedBackend> {
  const name = config.ALERT_BACKEND;
  if (!Object.hasOwn(BACKEND_OPENERS, name)) throw new Error(`No backend is called "${name}".`);
  return BACKEND_OPENERS[name](config, env);
}
