/**
 * Runs changes to one alert one after another, so that a version check and its write cannot interleave
 * with another change of the same alert. This orders changes within one process; across several
 * instances Graph offers no conditional update (unconfirmed), so two instances could still interleave.
 */
export class PerAlertQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier change of the same alert has finished (whether it succeeded or not). */
  run<T>(alertId: string, fn: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(alertId) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.catch(() => undefined);
    this.tails.set(alertId, settled);
    void settled.then(() => {
      if (this.tails.get(alertId) === settled) this.tails.delete(alertId);
    });
    return run;
  }

  /** How many alerts have a change queued or running (0 when idle: finished alerts leave no trace). */
  get size(): number {
    return this.tails.size;
  }
}
