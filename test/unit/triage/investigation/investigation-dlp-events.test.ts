import { strict as assert } from 'node:assert';
import { LocalDirectory } from '../../../../src/backends/local/local-directory.js';
import { PERSONAS } from '../../../../src/backends/local/local-seed.js';
import { AccessService } from '../../../../src/triage/access/access-service.js';
import type {
  ActivityAnswer,
  ActivityEvent,
  ActivityQuery,
  DlpEventAnswer,
} from '../../../../src/triage/investigation/activity.js';
import {
  activityQuery,
  advancedHuntingUrl,
  DLP_EVENTS_COMMENT,
  dlpEventQuery,
} from '../../../../src/triage/investigation/hunting-query.js';
import { InvestigationService } from '../../../../src/triage/investigation/investigation-service.js';
import { demoPolicy, who } from '../../../support/demo-access.js';
import { SeedAlerts } from '../../../support/seed-tenant.js';

const NOW = new Date('2026-11-23T14:05:00Z');
const seed = new SeedAlerts(NOW);
const [, sam] = PERSONAS;
const emea = seed.in('EMEA');
const at = (m: number) => new Date(Date.parse(emea.createdAt) + m * 60_000).toISOString();

type Dlp = (q: ActivityQuery) => Promise<DlpEventAnswer>;

/** An investigation whose activity source answers `activity` for CloudAppEvents and `dlp` for DataSecurityEvents. */
function rig(activity: ActivityAnswer, dlp: Dlp) {
  const asked: { activity: ActivityQuery[]; dlp: ActivityQuery[] } = { activity: [], dlp: [] };
  const byId = new Map(seed.alerts.map((a) => [a.id, a]));
  const service = new InvestigationService({
    alerts: { get: async (id) => byId.get(id) },
    access: new AccessService(new LocalDirectory(() => seed.tenant), demoPolicy, {
      append: async () => {},
      forAlert: async () => [],
    }),
    activity: {
      activityOf: async (q) => (asked.activity.push(q), activity),
      dlpEventsOf: async (q) => (asked.dlp.push(q), dlp(q)),
    },
    related: { alertsOfIncident: async () => [], alertsOfUser: async () => [], alertsOfFile: async () => [] },
    audit: { append: async () => {} },
    clock: { now: () => NOW },
    windowHours: 2,
    cacheMs: 5 * 60_000,
  });
  return { service, asked };
}

const cloud = (m: number, actionType: string): ActivityEvent => ({
  at: at(m),
  actionType,
  application: 'Microsoft SharePoint Online',
  uncommonForUser: false,
});
const dlpEvent = (m: number, dlpEnforcement: ActivityEvent['dlpEnforcement']): ActivityEvent => ({
  at: at(m),
  actionType: 'FileUploaded',
  application: 'SharePoint',
  objectName: 'Q1-card-reconciliation.xlsx',
  uncommonForUser: false,
  dlpEnforcement,
});

describe('InvestigationService: DLP events of DataSecurityEvents join the activity', () => {
  it('asks a second, separate query for the same user and window, and shows both queries, the DLP one commented', async () => {
    const { service, asked } = rig({ kind: 'events', events: [], total: 0 }, async () => ({ events: [], total: 0 }));
    const result = await service.investigate(who(sam!), emea.id);
    const [activity] = asked.activity;
    const [dlp] = asked.dlp;
    const { userId, from, to } = activity!;
    assert.deepEqual(dlp, dlpEventQuery(userId, new Date(from), new Date(to)));
    assert.deepEqual(activity, activityQuery(userId, new Date(from), new Date(to)));
    assert.equal(result.kql, `${activity!.kql}\n\n${DLP_EVENTS_COMMENT}\n${dlp!.kql}`);
    assert.equal(result.huntingUrl, advancedHuntingUrl(result.kql));
  });

  it('merges the rows by time, counts both totals, reads the enforcement as the action, and puts DLP matches first', async () => {
    const events = [cloud(-30, 'FileAccessed'), cloud(5, 'FileDownloaded'), cloud(40, 'FileModified')];
    const dlp = [dlpEvent(1, 'block'), dlpEvent(30, 'warnOverridden')];
    const { service } = rig({ kind: 'events', events, total: 703 }, async () => ({ events: dlp, total: 2 }));
    const { activity } = await service.investigate(who(sam!), emea.id);
    assert.equal(activity.kind, 'events');
    if (activity.kind !== 'events') return;
    assert.equal(activity.summary.total, 705, 'the totals of both queries');
    assert.deepEqual(
      activity.summary.highlights.map((e) => e.at),
      [at(1), at(30), at(5), at(-30), at(40)],
      'DLP matches first (by time), then downloads, then the rest by time',
    );
    assert.deepEqual(
      activity.summary.byAction.map((a) => [a.name, a.dlpEnforcement]),
      [
        ['FileUploaded', 'block'],
        ['FileUploaded', 'warnOverridden'],
        ['FileAccessed', undefined],
        ['FileDownloaded', undefined],
        ['FileModified', undefined],
      ],
      'the enforcement is a code the card words; DLP matches first',
    );
  });

  it('caps the card at 10 events however many both tables hold', async () => {
    const events = Array.from({ length: 12 }, (_, i) => cloud(i, 'FileDownloaded'));
    const dlp = Array.from({ length: 12 }, (_, i) => dlpEvent(i, 'audit'));
    const { service } = rig({ kind: 'events', events, total: 12 }, async () => ({ events: dlp, total: 12 }));
    const { activity } = await service.investigate(who(sam!), emea.id);
    assert.ok(activity.kind === 'events');
    assert.equal(activity.summary.highlights.length, 10);
    assert.ok(activity.summary.highlights.every((e) => e.dlpEnforcement === 'audit'));
    assert.equal(activity.summary.total, 24);
  });

  it('a DLP query that fails adds nothing and no problem line; the CloudAppEvents events stay', async () => {
    const events = [cloud(1, 'FileAccessed')];
    const { service } = rig({ kind: 'events', events, total: 1 }, async () => Promise.reject(new Error('boom')));
    const result = await service.investigate(who(sam!), emea.id);
    assert.deepEqual(result.problems, []);
    assert.ok(result.activity.kind === 'events');
    assert.equal(result.activity.summary.total, 1);
    assert.deepEqual(
      result.activity.summary.highlights.map((e) => e.actionType),
      ['FileAccessed'],
    );
  });

  it('"not recorded" and "unavailable" stay decided by CloudAppEvents alone, DLP events or not', async () => {
    const dlp: Dlp = async () => ({ events: [dlpEvent(1, 'block')], total: 1 });
    for (const answer of [
      { kind: 'notRecorded' },
      { kind: 'unavailable', reason: 'throttled', retryAfterSeconds: 30 },
    ] as ActivityAnswer[]) {
      const { service, asked } = rig(answer, dlp);
      const result = await service.investigate(who(sam!), emea.id);
      assert.deepEqual(result.activity, answer);
      assert.equal(asked.dlp.length, 1, 'asked in parallel all the same');
    }
  });
});
