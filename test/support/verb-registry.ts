import { historyVerbs } from '../../bot/features/history-verbs.js';
import { remediationVerbs } from '../../bot/features/remediation-verbs.js';
import { shareVerbs } from '../../bot/features/share-verbs.js';
import { updateVerbs } from '../../bot/features/update-verbs.js';
import { viewVerbs } from '../../bot/features/view-verbs.js';
import { Registry } from '../../bot/registry/registry.js';

/**
 * A registry holding every alert-card verb the app registers, for AlertViews in unit tests: views ask
 * it which buttons a user's permissions unlock. The handlers are never run here, so they get no services.
 */
export function alertVerbRegistry(): Registry {
  const registry = new Registry();
  const unused = {} as never;
  for (const inputs of [
    viewVerbs(unused),
    historyVerbs(unused),
    updateVerbs(unused),
    shareVerbs(unused, unused),
    remediationVerbs(unused, unused),
  ]) {
    registry.add(inputs);
  }
  return registry;
}
