import type { Logger } from '../../logger.js';
import type { Clock } from '../../triage/ports.js';
import { makeDemoRecords } from './demo-alert-generator.js';
import type { LowdbAlertStore } from './lowdb-alert-store.js';

/**
 * Adds a realistic new alert to the local backend every `intervalMs`, so a demo keeps moving; with its
 * incident and a few rows of its user's activity, so investigating it shows something.
 */
export class DemoAlertFeed {
  private timer?: NodeJS.Timeout;
  private sequence = 0;

  constructor(
    private readonly store: LowdbAlertStore,
    private readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.intervalMs <= 0) return;
    this.timer = setInterval(() => void this.addOne(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async addOne(): Promise<void> {
    try {
      const { alert, ...records } = makeDemoRecords(this.sequence++, this.clock.now(), this.store.tenant());
      await this.store.addAlerts([alert], records);
      this.log.info({ alertId: alert.id }, 'demo alert added');
    } catch (e) {
      this.log.error({ err: e }, 'could not add a demo alert');
    }
  }
}
