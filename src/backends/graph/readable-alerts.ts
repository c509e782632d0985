import type { Logger } from '../../logger.js';
import type { Alert } from '../../triage/alert.js';
import { mapGraphAlert, type MapOptions } from '../alerts-v2/alerts-v2-mapper.js';

/**
 * Maps a list of raw alerts Graph answered; one that is not an alert at all is left out, logged with its id
 * and `why` (never its content), and the rest are kept: one bad alert must not hide the others.
 */
export function readableAlerts(raws: unknown[], mapping: MapOptions, log: Logger, why: string): Alert[] {
  const alerts: Alert[] = [];
  for (const raw of raws) {
    try {
      alerts.push(mapGraphAlert(raw, mapping));
    } catch {
      const id = (raw as { id?: unknown } | null)?.id;
      log.error({ alertId: typeof id === 'string' ? id : undefined }, why);
    }
  }
  return alerts;
}
