import type { Digest } from './digest.js';
import { AGE_BUCKETS, type AgeBucket } from './digest-rules.js';
import { emptyTrend } from './digest-trend.js';
import { localDateOf, localTimeOf } from './local-time.js';

/** A digest with every count at zero, as of `now` in `timeZone`: what DigestTally counts into. */
export function emptyDigest(now: Date, timeZone: string): Digest {
  return {
    generatedAt: now.toISOString(),
    timeZone,
    localDate: localDateOf(now, timeZone),
    localTime: localTimeOf(now, timeZone),
    inScope: 0,
    received: { last24h: 0, previous24h: 0, bySeverity: [] },
    open: {
      total: 0,
      byStatus: { new: 0, inProgress: 0, other: 0 },
      byAge: Object.fromEntries(AGE_BUCKETS.map((b) => [b, 0])) as Record<AgeBucket, number>,
      unassigned: 0,
      slaBreaches: { total: 0, high: 0, medium: 0, low: 0 },
      unassignedHigh: 0,
      bySeverity: { high: 0, medium: 0, low: 0, informational: 0, unknown: 0 },
    },
    trend: emptyTrend(now),
    resolved24h: { total: 0, truePositive: 0, falsePositive: 0, informational: 0, unclassified: 0 },
    topPolicies: [],
    openByAssignee: [],
    medians: { timeToAssign: { count: 0 }, timeToResolve: { count: 0 } },
    byUnit: [],
    quiet: true,
  };
}
