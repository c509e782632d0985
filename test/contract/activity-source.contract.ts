import { strict as assert } from 'node:assert';
import { mapGraphAlert } from '../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { PERSONAS, buildSeedTenant } from '../../src/backends/local/local-seed.js';
import type { LocalActivityRow, LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import { MAX_ACTIVITY_EVENTS, type ActivitySource } from '../../src/triage/investigation/activity.js';
import { activityQuery } from '../../src/triage/investigation/hunting-query.js';
import { compareTimestamps } from '../../src/triage/timestamps.js';

/** One implementation under test, answering from the activity of the tenant it was opened with. */
export interface ActivitySourceFixture {
  source: ActivitySource;
  close(): Promise<void>;
}

const HOUR = 3_600_000;
/** A user with no alert, whose extra rows (more than one answer holds) the suite adds to the seed. */
const BUSY = PERSONAS[6];
const BUSY_ROWS = MAX_ACTIVITY_EVENTS + 100;

/**
 * The tenants the suite opens: the seed (an hour old) plus BUSY_ROWS rows of one user on whole seconds, a
 * day before the seed's oldest alert (so the window's bounds can be hit exactly); and the seed without an
 * activity table.
 */
export function activityTenants(now = Date.now()): { recorded: LocalTenant; notRecorded: LocalTenant } {
  const recorded = buildSeedTenant(new Date(now - HOUR));
  const start = Math.floor((now - 20 * 24 * HOUR) / 1000) * 1000;
  for (let i = 0; i < BUSY_ROWS; i++) {
    recorded.activity!.push({
      Timestamp: new Date(start + i * 1000).toISOString().replace('Z', '0000Z'),
      ActionType: i % 2 ? 'FileDownloaded' : 'FileAccessed',
      Application: 'Microsoft SharePoint Online',
      AccountObjectId: BUSY.id,
      AccountDisplayName: BUSY.displayName,
      ObjectName: `facilities-plan-${i}.pdf`,
      ObjectType: 'File',
      IPAddress: '192.0.2.77',
      CountryCode: 'US',
      ISP: 'Comcast Cable Communications',
      UncommonForUser: [],
    });
  }
  const { activity: _activity, ...notRecorded } = buildSeedTenant(new Date(now - HOUR));
  return { recorded, notRecorded };
}

/** The event a row is, as every backend must answer it (JSON: absent and undefined fields alike). */
const eventOf = (r: LocalActivityRow) =>
  JSON.parse(
    JSON.stringify({
      at: r.Timestamp,
      actionType: r.ActionType,
      application: r.Application ?? undefined,
      objectName: r.ObjectName ?? undefined,
      objectType: r.ObjectType ?? undefined,
      ipAddress: r.IPAddress ?? undefined,
      countryCode: r.CountryCode ?? undefined,
      uncommonForUser: r.UncommonForUser.length > 0,
    }),
  );
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value));

/**
 * The ActivitySource contract: one user's events in a window, oldest first, at most MAX_ACTIVITY_EVENTS
 * with `total` counting them all; `notRecorded` for a tenant without the table. `open` is called twice,
 * once per tenant of `activityTenants`. Run against the local backend and the Graph adapters (emulator).
 */
export function activitySourceContract(name: string, open: (tenant: LocalTenant) => Promise<ActivitySourceFixture>) {
  describe(`ActivitySource contract: ${name}`, function () {
    this.timeout(60_000);
    const { recorded, notRecorded } = activityTenants();
    const rows = recorded.activity!;
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
            compareTimestamps(r.Timestamp, from) >= 0 &&
            compareTimestamps(r.Timestamp, to) <= 0,
        )
        .sort((a, b) => compareTimestamps(a.Timestamp, b.Timestamp));

    it("the user's events around an alert: only theirs, within the window, oldest first, each column mapped", async () => {
      for (const raw of recorded.alerts.slice(0, 6)) {
        const alert = mapGraphAlert(raw);
        const created = Date.parse(alert.createdAt);
        const query = activityQuery(alert.subject!.id!, new Date(created - 4 * HOUR), new Date(created + HOUR));
        const want = expected(alert.subject!.id!, query.from, query.to);
        assert.ok(want.length > 0, `the seed has activity around ${alert.id}`);
        const answer = await f.source.activityOf(query);
        assert.deepEqual(asJson(answer), { kind: 'events', events: want.map(eventOf), total: want.length }, alert.id);
      }
    });

    it('marks the events the data calls unusual for the user', async () => {
      const unusual = rows.find((r) => r.UncommonForUser.length > 0)!;
      const at = Date.parse(unusual.Timestamp);
      const query = activityQuery(unusual.AccountObjectId, new Date(at - HOUR), new Date(at + HOUR));
      const answer = await f.source.activityOf(query);
      assert.equal(answer.kind, 'events');
      if (answer.kind !== 'events') return;
      assert.ok(answer.events.some((e) => e.uncommonForUser === true && e.actionType === unusual.ActionType));
      assert.ok(answer.events.some((e) => e.uncommonForUser === false));
    });

    it('both ends of the window are inclusive', async () => {
      const busy = rows.filter((r) => r.AccountObjectId === BUSY.id);
      const [first, last] = [busy[10]!, busy[19]!];
      const query = activityQuery(BUSY.id, new Date(first.Timestamp), new Date(last.Timestamp));
      const answer = await f.source.activityOf(query);
      assert.deepEqual(asJson(answer), { kind: 'events', events: busy.slice(10, 20).map(eventOf), total: 10 });
    });

    it(`answers at most ${MAX_ACTIVITY_EVENTS} events, the oldest, with the total of all`, async () => {
      const busy = rows.filter((r) => r.AccountObjectId === BUSY.id);
      const from = new Date(Date.parse(busy[0]!.Timestamp) - HOUR);
      const query = activityQuery(BUSY.id, from, new Date(Date.parse(busy.at(-1)!.Timestamp) + HOUR));
      const answer = await f.source.activityOf(query);
      assert.equal(answer.kind, 'events');
      if (answer.kind !== 'events') return;
      assert.equal(answer.total, BUSY_ROWS);
      assert.equal(answer.events.length, MAX_ACTIVITY_EVENTS);
      assert.deepEqual(asJson(answer.events), busy.slice(0, MAX_ACTIVITY_EVENTS).map(eventOf));
    });

    it('a user without activity, or a window without any, has no events', async () => {
      const now = new Date();
      const nobody = activityQuery('e0000000-0000-4000-8000-00000000dead', new Date(+now - 40 * 24 * HOUR), now);
      assert.deepEqual(asJson(await f.source.activityOf(nobody)), { kind: 'events', events: [], total: 0 });
      const someone = rows[0]!.AccountObjectId;
      const before = activityQuery(someone, new Date(+now - 100 * 24 * HOUR), new Date(+now - 90 * 24 * HOUR));
      assert.deepEqual(asJson(await f.source.activityOf(before)), { kind: 'events', events: [], total: 0 });
    });

    it('a tenant that does not record activity answers notRecorded (not "no activity")', async () => {
      const other = await open(structuredClone(notRecorded));
      try {
        const alert = mapGraphAlert(notRecorded.alerts[0]);
        const created = Date.parse(alert.createdAt);
        const query = activityQuery(alert.subject!.id!, new Date(created - 4 * HOUR), new Date(created + HOUR));
        assert.deepEqual(await other.source.activityOf(query), { kind: 'notRecorded' });
      } finally {
        await other.close();
      }
    });
  });
}
