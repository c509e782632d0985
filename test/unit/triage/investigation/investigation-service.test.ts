import { strict as assert } from 'node:assert';
import { LocalDirectory } from '../../../../src/backends/local/local-directory.js';
import { PERSONAS } from '../../../../src/backends/local/local-seed.js';
import { AccessService } from '../../../../src/triage/access/access-service.js';
import type { AuditRecord } from '../../../../src/triage/ports.js';
import type { ActivityAnswer, ActivityQuery } from '../../../../src/triage/investigation/activity.js';
import { InvestigationService } from '../../../../src/triage/investigation/investigation-service.js';
import type { RelatedAlertSource } from '../../../../src/triage/investigation/related-alerts.js';
import { ALERT_NOT_FOUND, isTriageError } from '../../../../src/triage/triage-error.js';
import { demoPolicy, who } from '../../../support/demo-access.js';
import { SeedAlerts } from '../../../support/seed-tenant.js';

const NOW = new Date('2026-11-23T14:05:00Z');
const seed = new SeedAlerts(NOW);
const [, sam, emma, , vic] = PERSONAS;

/** An investigation over the seed's directory and policy, with the activity and related alerts given. */
function rig(
  options: { activity?: (q: ActivityQuery) => Promise<ActivityAnswer>; related?: Partial<RelatedAlertSource> } = {},
) {
  const audit: AuditRecord[] = [];
  const queries: ActivityQuery[] = [];
  const access = new AccessService(new LocalDirectory(() => seed.tenant), demoPolicy, {
    append: async (r) => void audit.push(r),
    forAlert: async () => [],
  });
  const byId = new Map(seed.alerts.map((a) => [a.id, a]));
  const related: RelatedAlertSource = {
    alertsOfIncident: async () => [],
    alertsOfUser: async () => [],
    alertsOfFile: async () => [],
    ...options.related,
  };
  const service = new InvestigationService({
    alerts: { get: async (id) => byId.get(id) },
    access,
    activity: {
      activityOf: async (q) => {
        queries.push(q);
        return options.activity ? options.activity(q) : { kind: 'events', events: [], total: 0 };
      },
      dlpEventsOf: async () => ({ events: [], total: 0 }),
    },
    related,
    audit: { append: async (r) => void audit.push(r) },
    clock: { now: () => NOW },
    windowHours: 2,
    cacheMs: 5 * 60_000,
  });
  return { service, audit, queries };
}

const emea = seed.in('EMEA');
const americas = seed.in('Americas');

describe('InvestigationService', () => {
  it('asks for the user’s activity from 2 hours before the first activity to 2 hours after the last, with typed KQL', async () => {
    const { service, queries } = rig();
    const result = await service.investigate(who(sam!), emea.id);
    const [query] = queries;
    assert.equal(query!.userId, emea.subject!.id!.toLowerCase());
    const first = Date.parse(emea.firstActivityAt ?? emea.createdAt);
    assert.equal(Date.parse(query!.from), first - 2 * 3_600_000);
    assert.match(query!.kql, new RegExp(`AccountObjectId == "${emea.subject!.id!.toLowerCase()}"`));
    assert.ok(result.kql.startsWith(`${query!.kql}\n\n`), 'the CloudAppEvents query first, then the DLP query');
    assert.match(result.huntingUrl, /^https:\/\/security\.microsoft\.com\//);
  });

  it('sums up the events: counts, places, the ones that matter first (DLP match, anonymous link, uncommon), at most 10', async () => {
    const at = (m: number) => new Date(Date.parse(emea.createdAt) + m * 60_000).toISOString();
    const events = [
      ...Array.from({ length: 12 }, (_, i) => ({
        at: at(i),
        actionType: 'FileAccessed',
        application: 'SharePoint',
        countryCode: 'DE',
        uncommonForUser: false,
      })),
      {
        at: at(20),
        actionType: 'AnonymousLinkCreated',
        application: 'SharePoint',
        countryCode: 'BR',
        ipAddress: '203.0.113.9',
        uncommonForUser: true,
      },
      { at: at(21), actionType: 'DlpRuleMatch', application: 'SharePoint', uncommonForUser: false },
    ];
    const { service } = rig({ activity: async () => ({ kind: 'events', events, total: 14 }) });
    const { activity } = await service.investigate(who(sam!), emea.id);
    assert.equal(activity.kind, 'events');
    if (activity.kind !== 'events') return;
    assert.equal(activity.summary.total, 14);
    assert.deepEqual(activity.summary.byAction[0], { name: 'FileAccessed', count: 12 });
    assert.deepEqual(activity.summary.countries, ['BR', 'DE']);
    assert.deepEqual(
      activity.summary.highlights.slice(0, 2).map((e) => e.actionType),
      ['AnonymousLinkCreated', 'DlpRuleMatch'],
    );
    assert.equal(activity.summary.highlights.length, 10);
  });

  it('leaves out related alerts the requester may not see, without a trace, and the alert itself', async () => {
    const { service } = rig({
      related: { alertsOfIncident: async () => [emea, americas], alertsOfUser: async () => [emea, americas] },
    });
    const incidentAlert = { ...emea, incidentId: 'inc-1' };
    const byEmma = await rig({
      related: { alertsOfIncident: async () => [incidentAlert, americas] },
    }).service.investigate(who(emma!), emea.id);
    assert.deepEqual(
      byEmma.related.incident.map((a) => a.id),
      [],
      'Emma (EMEA) does not see the Americas alert; the alert itself is not listed',
    );
    const bySam = await service.investigate(who(sam!), emea.id);
    assert.ok(bySam.related.user.every((a) => a.id !== emea.id));
  });

  it('one part failing leaves the rest, with a line saying what is missing', async () => {
    const { service } = rig({ related: { alertsOfUser: async () => Promise.reject(new Error('boom')) } });
    const result = await service.investigate(who(sam!), emea.id);
    assert.deepEqual(result.problems, [{ part: 'userAlerts' }], 'the part, for the card to word; no error text');
    assert.equal(result.activity.kind, 'events');
  });

  it('keeps what it gathered for a few minutes, but asks again after an unavailable answer', async () => {
    let answer: ActivityAnswer = { kind: 'unavailable', reason: 'throttled', retryAfterSeconds: 30 };
    const { service, queries } = rig({ activity: async () => answer });
    assert.equal((await service.investigate(who(sam!), emea.id)).activity.kind, 'unavailable');
    answer = { kind: 'events', events: [], total: 0 };
    await service.investigate(who(sam!), emea.id);
    await service.investigate(who(sam!), emea.id);
    assert.equal(queries.length, 2, 'asked again after the throttled answer, then reused');
  });

  it('an out-of-scope analyst gets exactly the missing-alert answer; a viewer is refused; both audited, nothing read', async () => {
    const { service, audit, queries } = rig();
    await assert.rejects(
      service.investigate(who(emma!), americas.id),
      (e) => isTriageError(e) && e.userMessage === ALERT_NOT_FOUND,
    );
    await assert.rejects(
      service.investigate(who(vic!), americas.id),
      (e) => isTriageError(e) && e.code === 'forbidden',
    );
    assert.equal(queries.length, 0);
    assert.deepEqual(
      audit.map((r) => [r.action, r.outcome]),
      [
        ['alert.investigate', 'denied'],
        ['alert.investigate', 'denied'],
      ],
    );
  });

  it('audits who looked at whose activity, for which alert, and when', async () => {
    const { service, audit } = rig();
    await service.investigate(who(sam!), emea.id);
    const entry = audit.find((r) => r.outcome === 'success')!;
    assert.equal(entry.action, 'alert.investigate');
    assert.equal(entry.alertId, emea.id);
    assert.deepEqual(entry.actor, { id: sam!.id, name: sam!.displayName });
    assert.equal(entry.details?.subject, emea.subject!.id);
  });
});
