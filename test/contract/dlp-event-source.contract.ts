import { strict as assert } from 'node:assert';
import { mapGraphAlert } from '../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { PERSONAS } from '../../src/backends/local/local-seed.js';
import type { LocalDataSecurityEventRow, LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import { MAX_ACTIVITY_EVENTS } from '../../src/triage/investigation/activity.js';
import { dlpEventQuery } from '../../src/triage/investigation/hunting-query.js';
import { compareTimestamps } from '../../src/triage/timestamps.js';
import { activityTenants, type ActivitySourceFixture } from './activity-source.contract.js';

const HOUR = 3_600_000;
/** A user with no alert, whose DLP events (more than one answer holds) the suite adds to the seed. */
const BUSY = PERSONAS[5];
const BUSY_ROWS = MAX_ACTIVITY_EVENTS + 100;
/** DlpPolicyEnforcementMode as the docs number it (0 none … 5 allow); the suite's own reading, not the code's. */
const ENFORCEMENT = ['none', 'audit', 'warn', 'warnOverridden', 'block', 'allow'];

const dlpRow = (ms: number, i: number, extra: Partial<LocalDataSecurityEventRow> = {}): LocalDataSecurityEventRow => ({
  Timestamp: new Date(ms).toISOString().replace('Z', '0000Z'),
  ActionType: 'FileUploadedToCloud',
  AccountObjectId: BUSY.id,
  AccountUpn: BUSY.userPrincipalName,
  Workload: 'Endpoint',
  ObjectName: `facilities-budget-${i}.xlsx`,
  ObjectType: 'File',
  IPAddress: '192.0.2.77',
  DlpPolicyMatchInfo: '[{"PolicyName":"U.S. Financial Data","PolicyId":"p-1"}]',
  DlpPolicyRuleMatchInfo: '[{"RuleName":"High volume","RuleId":"r-1"}]',
  DlpPolicyEnforcementMode: i % 6,
  SensitiveInfoTypeInfo: [],
  SensitivityLabelId: null,
  SiteUrl: null,
  TargetUrlDomain: 'drive.example',
  ...extra,
});

/**
 * The tenants the suite opens: activityTenants' seed (its seeded DLP events) plus BUSY_ROWS DLP events of one user
 * on whole seconds, a day before the seed's oldest alert, every tenth of them without a DLP policy match (an Insider
 * Risk row, not a DLP event); and the seed without either table.
 */
export function dlpEventTenants(now = Date.now()): { recorded: LocalTenant; notRecorded: LocalTenant } {
  const { recorded, notRecorded } = activityTenants(now);
  const start = Math.floor((now - 21 * 24 * HOUR) / 1000) * 1000;
  for (let i = 0; i < BUSY_ROWS; i++) {
    recorded.dataSecurityEvents!.push(dlpRow(start + i * 1000, i, i % 10 === 9 ? { DlpPolicyMatchInfo: '' } : {}));
  }
  const { dataSecurityEvents: _dse, ...withoutDse } = notRecorded;
  return { recorded, notRecorded: withoutDse };
}

/** The event a row is, as every backend must answer it (JSON: absent and undefined fields alike). */
const eventOf = (r: LocalDataSecurityEventRow) =>
  JSON.parse(
    JSON.stringify({
      at: r.Timestamp,
      actionType: r.ActionType,
      application: r.Workload ?? undefined,
      objectName: r.ObjectName ?? undefined,
      objectType: r.ObjectType ?? undefined,
      ipAddress: r.IPAddress ?? undefined,
      uncommonForUser: false,
      dlpEnforcement: ENFORCEMENT[r.DlpPolicyEnforcementMode ?? -1] ?? 'unknown',
    }),
  );
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

/**
 * The DLP event half of the ActivitySource contract (`dlpEventsOf`, DataSecurityEvents): one user's DLP matches in a
 * window, oldest first, with how DLP enforced each; at most MAX_ACTIVITY_EVENTS with `total` counting them all; no
 * events (not an error) for a tenant without the table. Run against the local backend and the Graph adapters.
 */
export function dlpEventSourceContract(name: string, open: (tenant: LocalTenant) => Promise<ActivitySourceFixture>) {
  describe(`ActivitySource contract, DLP events: ${name}`, function () {
    this.timeout(60_000);
    const { recorded, notRecorded } = dlpEventTenants();
    const rows = recorded.dataSecurityEvents!;
    let f: ActivitySourceFixture;
    before(async () => {
      f = await open(structuredClone(recorded));
    });
    after(async () => f?.close());

    const expected = (userId: string, from: string, to: string) =>
      rows
        .filter(
          (r) =>
            r.AccountObjectId === userId &&
            !!r.DlpPolicyMatchInfo &&
            compareTimestamps(r.Timestamp, from) >= 0 &&
            compareTimestamps(r.Timestamp, to) <= 0,
        )
        .sort((a, b) => compareTimestamps(a.Timestamp, b.Timestamp));

    it('the seed records DLP events for a few alerts, blocked, overridden and audited among them', () => {
      const seeded = rows.filter((r) => r.AccountObjectId !== BUSY.id);
      assert.ok(seeded.length >= 3 && seeded.length < recorded.alerts.length, `${seeded.length} seeded DLP events`);
      const modes = new Set(seeded.map((r) => ENFORCEMENT[r.DlpPolicyEnforcementMode!]));
      for (const mode of ['block', 'warnOverridden', 'audit']) assert.ok(modes.has(mode), mode);
      assert.ok(
        seeded.every((r) => r.SensitiveInfoTypeInfo.every((s) => !/"(Value|Text|Match|Content)"/i.test(s))),
        'info type ids and counts, never what matched',
      );
    });

    it("the user's DLP events around an alert: only theirs, within the window, oldest first, the enforcement read", async () => {
      const alerts = recorded.alerts.map((raw) => mapGraphAlert(raw)).filter((a) => a.subject?.id);
      let seen = 0;
      for (const alert of alerts) {
        const created = Date.parse(alert.createdAt);
        const query = dlpEventQuery(alert.subject!.id!, new Date(created - 4 * HOUR), new Date(created + HOUR));
        const want = expected(alert.subject!.id!, query.from, query.to);
        seen += want.length;
        const answer = await f.source.dlpEventsOf(query);
        assert.deepEqual(asJson(answer), { events: want.map(eventOf), total: want.length }, alert.id);
      }
      assert.ok(seen >= 3, 'some alerts have DLP events');
    });

    it('a row without a DLP policy match is not a DLP event; both ends of the window are inclusive', async () => {
      const busy = rows.filter((r) => r.AccountObjectId === BUSY.id);
      const [first, last] = [busy[5]!, busy[14]!];
      const query = dlpEventQuery(BUSY.id, new Date(first.Timestamp), new Date(last.Timestamp));
      const answer = await f.source.dlpEventsOf(query);
      const want = busy.slice(5, 15).filter((r) => r.DlpPolicyMatchInfo);
      assert.equal(want.length, 9);
      assert.deepEqual(asJson(answer), { events: want.map(eventOf), total: 9 });
    });

    it(`answers at most ${MAX_ACTIVITY_EVENTS} DLP events, the oldest, with the total of all`, async () => {
      const busy = rows.filter((r) => r.AccountObjectId === BUSY.id && r.DlpPolicyMatchInfo);
      const from = new Date(Date.parse(busy[0]!.Timestamp) - HOUR);
      const query = dlpEventQuery(BUSY.id, from, new Date(Date.parse(busy.at(-1)!.Timestamp) + HOUR));
      const answer = await f.source.dlpEventsOf(query);
      assert.equal(answer.total, busy.length);
      assert.equal(answer.events.length, MAX_ACTIVITY_EVENTS);
      assert.deepEqual(asJson(answer.events), busy.slice(0, MAX_ACTIVITY_EVENTS).map(eventOf));
    });

    it('a user or a window without DLP events has none', async () => {
      const now = new Date();
      const nobody = dlpEventQuery('e0000000-0000-4000-8000-00000000dead', new Date(+now - 40 * 24 * HOUR), now);
      assert.deepEqual(asJson(await f.source.dlpEventsOf(nobody)), { events: [], total: 0 });
    });

    it('a tenant that does not record DataSecurityEvents has no DLP events: not an error', async () => {
      const other = await open(structuredClone(notRecorded));
      try {
        const alert = mapGraphAlert(notRecorded.alerts[0]);
        const created = Date.parse(alert.createdAt);
        const query = dlpEventQuery(alert.subject!.id!, new Date(created - 4 * HOUR), new Date(created + HOUR));
        assert.deepEqual(asJson(await other.source.dlpEventsOf(query)), { events: [], total: 0 });
      } finally {
        await other.close();
      }
    });
  });
}
