import type { RateWindow } from '../delivery/rate-limiter.js';
import type { TeamsSender } from '../delivery/teams-sender.js';
import type { Clock } from '../triage/ports.js';

/** What tests and benchmarks may replace when they compose the app. */
export interface AppOptions {
  clock?: Clock;
  /** Replaces the per-conversation Teams limits (benchmarks measure the pipeline without them). */
  conversationLimits?: readonly RateWindow[];
  /** Replaces the Bot Connector sender (benchmarks). */
  teamsSender?: TeamsSender;
}
