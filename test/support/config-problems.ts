import { strict as assert } from 'node:assert';
import { ConfigError, loadConfig } from '../../src/config.js';

/** The ConfigError thrown for `env` (fails the test when it does not throw one). */
export function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `a ConfigError, got ${String(e)}`);
    return e;
  }
  return assert.fail(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

/** The problems `loadConfig` names for `env`. */
export const configProblems = (env: NodeJS.ProcessEnv): string[] => configError(env).problems;

/** The keys those problems are about, sorted. */
export const problemKeys = (problems: readonly string[]): string[] => problems.map((p) => p.split(' ')[0]!).sort();
