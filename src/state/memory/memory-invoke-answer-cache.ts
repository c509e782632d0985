import type { InvokeAnswerCache, InvokeKey } from '../../delivery/invoke-answer-cache.js';

/**
 * The invoke answers of this process, the newest `limit` (1,000 by default) kept. Not durable, and need
 * not be today: Teams retries an unanswered invoke within seconds, so the retry reaches this same
 * process; one that arrives after a restart runs the verb again, which the verbs tolerate (a change that
 * carries the card's version answers "stale", a plan is confirmed once). Several replicas behind one
 * endpoint need a shared store instead: a retry can reach another replica, which must find the settled
 * answer (kept as JSON, with an expiry) or wait while the first replica still works on it.
 */
export class MemoryInvokeAnswerCache implements InvokeAnswerCache {
  private readonly answers = new Map<string, Promise<unknown>>();

  constructor(private readonly limit = 1_000) {}

  once<T>(key: InvokeKey, answer: () => Promise<T>): Promise<T> {
    const id = JSON.stringify([key.actorId, key.verb, key.activityId]);
    const known = this.answers.get(id);
    if (known) return known as Promise<T>;
    const pending = answer();
    this.answers.set(id, pending);
    pending.catch(() => this.answers.delete(id)); // failures are not remembered: a retry may succeed
    if (this.answers.size > this.limit) this.answers.delete(this.answers.keys().next().value!);
    return pending;
  }
}
