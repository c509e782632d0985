import { covers, type AlertScope, type Scope } from '../access/access-decision.js';
import type { AccessService } from '../access/access-service.js';
import type { Alert } from '../alert.js';
import type { AlertStore } from '../ports.js';
import type { ScopedAlert } from './digest.js';

const DEFENDER = 'https://security.microsoft.com';

/** Every alert with its administrative units, read once for one digest or list. */
export interface ScopedAlerts {
  alerts: ScopedAlert[];
  /** The Defender alert queue of the tenant the alerts come from (its cloud's portal host). */
  defenderUrl: string;
  /** The alerts a scope covers. */
  visibleIn(scope: Scope): Alert[];
}

/**
 * Reads every alert (all pages of listChangedSince) and resolves each subject's administrative units once
 * per subject (all of one subject's alerts share one AlertScope object, which the digest relies on).
 */
export async function readScopedAlerts(
  store: Pick<AlertStore, 'listChangedSince'>,
  access: Pick<AccessService, 'scopeOf'>,
): Promise<ScopedAlerts> {
  const all: Alert[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listChangedSince(undefined, cursor);
    all.push(...page.alerts);
    cursor = page.next;
  } while (cursor);

  const bySubject = new Map<string, Promise<AlertScope>>();
  const scopes = await Promise.all(
    all.map((alert) => {
      const subject = alert.subject?.id?.toLowerCase();
      if (!subject) return 'unresolved' as const;
      let scope = bySubject.get(subject);
      if (!scope) bySubject.set(subject, (scope = access.scopeOf(alert)));
      return scope;
    }),
  );
  const alerts = all.map((alert, i) => ({ alert, units: scopes[i]! }));
  return {
    alerts,
    defenderUrl: defenderQueueUrl(all),
    visibleIn: (scope) => alerts.filter((a) => covers(scope, a.units)).map((a) => a.alert),
  };
}

/**
 * `https://<portal>/alerts?tid=<tenant>`, the portal host taken from the alerts' own links (sovereign clouds differ).
 */
function defenderQueueUrl(alerts: readonly Alert[]): string {
  const sample = alerts.find((a) => a.portalUrl);
  let origin = DEFENDER;
  try {
    if (sample?.portalUrl) origin = new URL(sample.portalUrl).origin;
  } catch {
    /* a malformed link: keep the public cloud's portal */
  }
  const tenant = alerts.find((a) => a.tenantId)?.tenantId;
  return `${origin}/alerts${tenant ? `?tid=${encodeURIComponent(tenant)}` : ''}`;
}
