/** Asserting on the domain's one error type (src/triage/triage-error.ts). */
import { strict as assert } from 'node:assert';
import { TriageError } from '../../src/triage/triage-error.js';

/**
 * A predicate for `assert.rejects` / `assert.throws`: a TriageError of `code` with a user message that
 * matches every pattern (and is not empty).
 */
export const triageError =
  (code: TriageError['code'], ...patterns: RegExp[]) =>
  (e: unknown): boolean =>
    e instanceof TriageError &&
    e.code === code &&
    e.userMessage.length > 0 &&
    patterns.every((p) => p.test(e.userMessage));

/** The TriageError `fn` fails with, of `code` and matching `pattern` when given; fails the test when `fn` succeeds. */
export async function refusal(
  fn: () => Promise<unknown>,
  code?: TriageError['code'],
  pattern?: RegExp,
): Promise<TriageError> {
  try {
    await fn();
  } catch (e) {
    assert.ok(e instanceof TriageError, `a TriageError, got ${String(e)}`);
    if (code) assert.equal(e.code, code, e.userMessage);
    if (pattern) assert.match(e.userMessage, pattern);
    return e;
  }
  assert.fail('expected a refusal, but it was allowed');
}
