import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { DemoAlertFeed } from '../../../../src/backends/local/demo-alert-feed.js';
import { makeDemoRecords } from '../../../../src/backends/local/demo-alert-generator.js';
import { LocalActivitySource } from '../../../../src/backends/local/local-activity-source.js';
import { openLocalBackend, type LocalBackend } from '../../../../src/backends/local/local-backend.js';
import { buildSeedTenant } from '../../../../src/backends/local/local-seed.js';
import type { LocalActivityRow, LocalTenant } from '../../../../src/backends/local/local-tenant-schema.js';
import { activityQuery, dlpEventQuery } from '../../../../src/triage/investigation/hunting-query.js';
import { createLogger } from '../../../../src/logger.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';
import { triageError } from '../../../support/triage-errors.js';

const NOW = Date.parse('2026-03-10T12:00:00.000Z');
const HOUR = 3_600_000;
const log = createLogger('silent');
const SETTINGS = { DEMO_ALERT_INTERVAL_SECONDS: 0, REMEDIATION_SENSITIVITY_LABEL: '', REMEDIATION_RETENTION_LABEL: '' };

/** The query for the activity of `alert`'s user in the few hours around it. */
const around = (raw: unknown) => {
  const a = mapGraphAlert(raw);
  return activityQuery(
    a.subject!.id!,
    new Date(Date.parse(a.createdAt) - 4 * HOUR),
    new Date(Date.parse(a.createdAt) + HOUR),
  );
};

describe('local backend: investigation (activity, incidents, related alerts)', () => {
  const dir = useTempDir('dlp-local-investigation-');
  let nowMs = NOW;
  const clock = { now: () => new Date(nowMs) };
  const file = () => path.join(dir.path, 'local-tenant.json');
  beforeEach(() => {
    nowMs = NOW;
  });

  async function open(tenant?: LocalTenant): Promise<LocalBackend> {
    if (tenant) await fs.writeFile(file(), JSON.stringify(tenant));
    return openLocalBackend(SETTINGS, { dataDir: dir.path, clock, log });
  }

  it("a new demo alert comes with its incident and its user's activity, so investigating it shows something", async () => {
    const backend = await open();
    nowMs = NOW + 10 * 60_000;
    await new DemoAlertFeed(backend.localStore, 0, clock, log).addOne();
    const tenant = backend.localStore.tenant();
    const raw = tenant.alerts.at(-1)!;
    const alert = mapGraphAlert(raw);
    assert.ok(alert.id.startsWith('dl') && alert.createdAt.startsWith('2026-03-10T12:10:00'));
    assert.deepEqual(
      tenant
        .incidents!.filter((i) => i.id === alert.incidentId)
        .map((i) => [i.displayName, i.status, i.incidentWebUrl]),
      [[alert.title, 'active', alert.incidentUrl]],
    );
    assert.deepEqual(
      (await backend.related!.alertsOfIncident(alert.incidentId!)).map((a) => a.id),
      [alert.id],
    );
    const answer = await backend.activity!.activityOf(around(raw));
    assert.equal(answer.kind, 'events');
    if (answer.kind !== 'events') return;
    assert.ok(
      answer.total >= 4 && answer.events.some((e) => e.actionType === 'DlpRuleMatch'),
      `${answer.total} events`,
    );
    assert.ok(
      answer.events.every((e) => Date.parse(e.at) <= nowMs),
      'none after now',
    );
  });

  it('a tenant file without the activity table answers notRecorded, and the demo feed does not start one', async () => {
    const { activity: _activity, incidents: _incidents, ...older } = buildSeedTenant(new Date(NOW - HOUR));
    const backend = await open(older);
    assert.deepEqual(await backend.activity!.activityOf(around(older.alerts[0])), { kind: 'notRecorded' });
    await new DemoAlertFeed(backend.localStore, 0, clock, log).addOne();
    const onDisk = JSON.parse(await fs.readFile(file(), 'utf8'));
    assert.equal(onDisk.activity, undefined, 'still not recorded');
    assert.equal(onDisk.incidents.length, 1, 'the new alert has its incident');
    assert.equal(onDisk.alerts.length, older.alerts.length + 1);
  });

  it('reads the activity table as it is in the file now: a hand edit that removes it is notRecorded', async () => {
    const seed = buildSeedTenant(new Date(NOW - HOUR));
    const backend = await open(seed);
    const query = around(seed.alerts[0]);
    assert.equal((await backend.activity!.activityOf(query)).kind, 'events');
    const { activity: _activity, ...edited } = JSON.parse(await fs.readFile(file(), 'utf8'));
    await fs.writeFile(file(), JSON.stringify(edited));
    const later = new Date(Date.now() + 5_000);
    await fs.utimes(file(), later, later);
    assert.deepEqual(await backend.activity!.activityOf(query), { kind: 'notRecorded' });
  });

  it('addAlerts refuses a batch with a broken activity row, and stores nothing of it', async () => {
    const backend = await open();
    const before = await fs.readFile(file(), 'utf8');
    const { alert, incidents, activity } = makeDemoRecords(1, new Date(NOW), backend.localStore.tenant());
    const broken = [...activity, { ...activity[0]!, Timestamp: 'not a time' }];
    await assert.rejects(backend.localStore.addAlerts([alert], { incidents, activity: broken }));
    assert.equal(await fs.readFile(file(), 'utf8'), before);
  });

  it('a tenant file written before DataSecurityEvents was seeded still loads: activity as before, no DLP events', async () => {
    const { dataSecurityEvents, ...older } = buildSeedTenant(new Date(NOW - HOUR));
    const seeded = dataSecurityEvents![0]!;
    const raw = older.alerts.find((a) => mapGraphAlert(a).subject?.id === seeded.AccountObjectId)!;
    const { userId, from, to } = around(raw);
    const dlp = dlpEventQuery(userId, new Date(from), new Date(to));
    const backend = await open(older);
    assert.equal((await backend.activity!.activityOf(around(raw))).kind, 'events');
    assert.deepEqual(await backend.activity!.dlpEventsOf(dlp), { events: [], total: 0 });
    const onDisk = JSON.parse(await fs.readFile(file(), 'utf8'));
    assert.equal(onDisk.dataSecurityEvents, undefined, 'the file is not given the table');
  });

  it('the seed answers the DLP events of the alerts it seeded them for', async () => {
    const seed = buildSeedTenant(new Date(NOW - HOUR));
    const backend = await open(seed);
    const seeded = seed.dataSecurityEvents!.find((r) => r.DlpPolicyEnforcementMode === 4)!;
    const at = Date.parse(seeded.Timestamp);
    const answer = await backend.activity!.dlpEventsOf(
      dlpEventQuery(seeded.AccountObjectId, new Date(at - HOUR), new Date(at + HOUR)),
    );
    assert.ok(
      answer.events.some((e) => e.dlpEnforcement === 'block' && e.objectName === seeded.ObjectName),
      JSON.stringify(answer),
    );
  });

  it('an incident id already in the table keeps its one entry', async () => {
    const backend = await open();
    const { alert, incidents } = makeDemoRecords(1, new Date(NOW), backend.localStore.tenant());
    const existing = backend.localStore.tenant().incidents![0]!;
    await backend.localStore.addAlerts([{ ...alert, incidentId: existing.id }], {
      incidents: incidents.map((i) => ({ ...i, id: existing.id })),
    });
    const table = backend.localStore.tenant().incidents!;
    assert.deepEqual(
      table.filter((i) => i.id === existing.id),
      [existing],
    );
  });
});

describe('LocalActivitySource', () => {
  const row = (accountObjectId: string, at: string): LocalActivityRow => ({
    Timestamp: at,
    ActionType: 'FileAccessed',
    AccountObjectId: accountObjectId,
    UncommonForUser: [],
  });
  const USER = 'b0000000-0000-4000-8000-00000000000a';
  const query = activityQuery(USER, new Date('2026-03-10T00:00:00Z'), new Date('2026-03-11T00:00:00Z'));

  it('matches the account id in any case, and leaves absent columns out', async () => {
    const source = new LocalActivitySource(async () => [
      row(USER.toUpperCase(), '2026-03-10T10:00:00.0000000Z'),
      row('b0000000-0000-4000-8000-00000000000b', '2026-03-10T10:00:00.0000000Z'),
    ]);
    const answer = await source.activityOf(query);
    assert.deepEqual(JSON.parse(JSON.stringify(answer)), {
      kind: 'events',
      events: [{ at: '2026-03-10T10:00:00.0000000Z', actionType: 'FileAccessed', uncommonForUser: false }],
      total: 1,
    });
  });

  it('refuses a query that does not name a user and a window, without reading anything', async () => {
    let reads = 0;
    const source = new LocalActivitySource(async () => {
      reads++;
      return [];
    });
    for (const bad of [
      { ...query, userId: 'lars' },
      { ...query, from: 'yesterday' },
      { ...query, to: '2026-03-11T00:00:00Z or 1=1' },
    ])
      await assert.rejects(source.activityOf(bad), triageError('invalid'));
    assert.equal(reads, 0);
  });

  it('a table that cannot be read now is unavailable, not "no activity"', async () => {
    const source = new LocalActivitySource(async () => {
      throw new Error('local-tenant.json: activity.3.Timestamp is not a date and time');
    });
    assert.deepEqual(await source.activityOf(query), { kind: 'unavailable', reason: 'failed' });
  });

  it('DLP events: a table that cannot be read now adds nothing; a mode outside 0–5 is unknown; a bad query is refused', async () => {
    const dlp = dlpEventQuery(USER, new Date(query.from), new Date(query.to));
    const broken = new LocalActivitySource(
      async () => [],
      async () => {
        throw new Error('local-tenant.json: dataSecurityEvents.0.Timestamp is not a date and time');
      },
    );
    assert.deepEqual(await broken.dlpEventsOf(dlp), { events: [], total: 0 });
    const odd = new LocalActivitySource(
      async () => [],
      async () => [
        {
          Timestamp: '2026-03-10T10:00:00.0000000Z',
          ActionType: 'FileCopiedToRemovableMedia',
          AccountObjectId: USER,
          DlpPolicyMatchInfo: '[{"PolicyName":"Source code"}]',
          DlpPolicyEnforcementMode: null,
          SensitiveInfoTypeInfo: [],
        },
      ],
    );
    assert.deepEqual(JSON.parse(JSON.stringify(await odd.dlpEventsOf(dlp))), {
      events: [
        {
          at: '2026-03-10T10:00:00.0000000Z',
          actionType: 'FileCopiedToRemovableMedia',
          uncommonForUser: false,
          dlpEnforcement: 'unknown',
        },
      ],
      total: 1,
    });
    await assert.rejects(odd.dlpEventsOf({ ...dlp, userId: 'lars' }), triageError('invalid'));
  });
});
