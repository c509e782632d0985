import { compareTimestamps } from '../timestamps.js';
import type { ActivityAnswer, DlpEnforcement, DlpEventAnswer } from './activity.js';

/**
 * DlpPolicyEnforcementMode's documented values by number (Microsoft's DataSecurityEvents reference). Mode 3,
 * "Warn and bypass", is read as: the user was warned and overrode the policy (the docs say no more).
 */
const BY_MODE: readonly DlpEnforcement[] = ['none', 'audit', 'warn', 'warnOverridden', 'block', 'allow'];

/** The enforcement a DlpPolicyEnforcementMode value names (an int, or its digits as text); `unknown` otherwise. */
export function dlpEnforcementOf(mode: unknown): DlpEnforcement {
  const n = typeof mode === 'number' ? mode : typeof mode === 'string' && /^\d$/.test(mode.trim()) ? Number(mode) : NaN;
  return Number.isInteger(n) && n >= 0 && n < BY_MODE.length ? BY_MODE[n]! : 'unknown';
}

/**
 * The activity with the DLP events merged in, oldest first (on the same time, CloudAppEvents first), and the
 * total of both. Only an `events` answer takes them: whether the tenant records activity, and whether it
 * could be read now, is CloudAppEvents' answer alone.
 */
export function withDlpEvents(answer: ActivityAnswer, dlp: DlpEventAnswer | undefined): ActivityAnswer {
  if (answer.kind !== 'events' || !dlp || (dlp.events.length === 0 && dlp.total === 0)) return answer;
  const events = [...answer.events, ...dlp.events].sort((a, b) => compareTimestamps(a.at, b.at));
  return { kind: 'events', events, total: answer.total + Math.max(dlp.total, dlp.events.length) };
}
