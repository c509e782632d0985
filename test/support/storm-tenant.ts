/** Storms in a black-box bot's tenant file, and reading the storm cards the bot posted. */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OPEN_HERE_VERB } from '../../cards/card-verbs.js';
import { buildStormAlerts } from '../../src/backends/local/local-seed-storm.js';
import type { FakeTeamsConnector, RecordedCall } from './fake-teams-connector.js';
import { alertIdIn, cardOf } from './recorded-calls.js';
import { dlpAlertsOf, readTenantFile, subjectIdOf, type RawAlert } from './seed-tenant.js';

/**
 * `count` new alerts of the user and policy of the seeded alert `baseIndex` (a DLP alert of the tenant
 * file), one every `stepMs` starting `agoMs` before now.
 */
export async function stormOf(
  dataDir: string,
  shape: { count: number; agoMs: number; stepMs: number; key: string },
  pick: (raw: RawAlert) => boolean = (raw) => raw.severity === 'high' && raw.status === 'new' && !!subjectIdOf(raw),
): Promise<RawAlert[]> {
  const base = dlpAlertsOf(await readTenantFile(dataDir)).find(pick);
  if (!base) throw new Error('the tenant file has no alert to base a storm on');
  return buildStormAlerts(base, {
    count: shape.count,
    firstMs: Date.now() - shape.agoMs,
    stepMs: shape.stepMs,
    key: shape.key,
  });
}

/** Appends raw alerts to the tenant file in one atomic replace (the bot re-reads a file that changed). */
export async function addToTenant(dataDir: string, raws: readonly RawAlert[]): Promise<void> {
  const file = path.join(dataDir, 'local-tenant.json');
  const tenant = JSON.parse(await fs.readFile(file, 'utf8'));
  tenant.alerts.push(...raws);
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, JSON.stringify(tenant, null, 2), { mode: 0o600 });
  await fs.rename(temp, file);
}

/** True for a message whose card lists alerts with Open buttons: a storm card (or another list). */
const isListCard = (card: unknown): boolean => JSON.stringify(card ?? null).includes(`"verb":"${OPEN_HERE_VERB}"`);

/** The storm cards posted in these threads (replies), as they read now (after updates). */
export function stormCardsIn(connector: FakeTeamsConnector, threads: readonly RecordedCall[]): RecordedCall[] {
  const conversations = new Set(threads.map((t) => t.conversationId));
  return connector.posted.filter(
    (c) => conversations.has(c.conversationId) && !threads.includes(c) && isListCard(latestCard(connector, c)),
  );
}

/** The card of a posted message as it reads now. */
export function latestCard(connector: FakeTeamsConnector, call: RecordedCall): any {
  const now = call.activityId ? connector.activity(call.activityId) : undefined;
  return now ? (now.attachments?.[0]?.content ?? cardOf(call)) : cardOf(call);
}

/** Every alert id a card's buttons name, in order. */
export function alertIdsOf(card: unknown): string[] {
  return [...JSON.stringify(card ?? null).matchAll(/"alertId":"([^"]+)"/g)].map((m) => m[1]!);
}

/** The alert a thread is about. */
export const threadAlertId = (call: RecordedCall): string | undefined => alertIdIn(call.body?.activity);

/** The first action anywhere in a card (also inside Action.ShowCard forms) with this verb. */
export function findAction(card: unknown, verb: string): { verb: string; data: unknown } | undefined {
  if (Array.isArray(card)) {
    for (const c of card) {
      const found = findAction(c, verb);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof card !== 'object' || card === null) return undefined;
  const node = card as Record<string, unknown>;
  if (node.type === 'Action.Execute' && node.verb === verb) return { verb, data: node.data };
  for (const value of Object.values(node)) {
    const found = findAction(value, verb);
    if (found) return found;
  }
  return undefined;
}
