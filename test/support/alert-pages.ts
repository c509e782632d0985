/** Reading an AlertStore's change feed the way the poller does: page by page through the cursor. */
import { strict as assert } from 'node:assert';
import type { Alert } from '../../src/triage/alert.js';
import type { AlertStore } from '../../src/triage/ports.js';

/** Every alert changed since `since`, page by page through the cursor; checks page sizes and that paging ends. */
export async function readAll(
  store: Pick<AlertStore, 'listChangedSince'>,
  since?: string,
): Promise<{ alerts: Alert[]; pages: number }> {
  const alerts: Alert[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await store.listChangedSince(since, cursor);
    assert.ok(page.alerts.length <= 100, 'pages hold at most 100 alerts');
    alerts.push(...page.alerts);
    cursor = page.next;
    pages++;
    assert.ok(pages < 1000, 'paging ends');
  } while (cursor);
  return { alerts, pages };
}
