import { strict as assert } from 'node:assert';
import path from 'node:path';
import { graphTime } from '../../../../src/backends/local/local-seed.js';
import { MAX_ACTIVITY_EVENTS } from '../../../../src/triage/investigation/activity.js';
import { gatherInvestigation } from '../../../../src/triage/investigation/gather.js';
import {
  activityCountQuery,
  activityQuery,
  dlpEventQuery,
  shownQueries,
} from '../../../../src/triage/investigation/hunting-query.js';
import { alertWith } from '../../../support/alerts.js';
import { GraphAdapterProcess } from '../../../support/graph-adapter-process.js';
import { startGraphTestEnv, type GraphTestEnv } from '../../../support/graph-test-env.js';
import { triageError } from '../../../support/triage-errors.js';

type Raw = Record<string, any>;

/**
 * GraphActivitySource's DLP events (DataSecurityEvents) against the emulator: the second query's body, the mapping,
 * the count past the cap, a tenant without the table (400) and other failures adding nothing, and — through the
 * domain's gatherInvestigation over the real adapter — both queries in parallel, merged, each failing on its own.
 */
describe('Graph advanced hunting: DLP events of DataSecurityEvents (emulator, real Graph client)', function () {
  this.timeout(60_000);
  let env: GraphTestEnv;
  const USER = 'b1b2c3d4-0000-4000-8000-00000000abcd';
  const OTHER = 'c1b2c3d4-0000-4000-8000-00000000dcba';
  const HOUR = 3_600_000;
  const first = Date.now() - 3 * HOUR;
  const [start, end] = [first - 2 * HOUR, first + 2 * HOUR];
  const query = dlpEventQuery(USER, new Date(start), new Date(end));
  const hunts = () => env.emulator.calls('graph', 'POST', /^\/v1\.0\/security\/runHuntingQuery$/);
  const bodies = () => hunts().map((c) => c.body as Raw);
  const dlpRow = (user: string, ms: number, mode: unknown, extra: Raw = {}): Raw => ({
    Timestamp: graphTime(ms),
    ActionType: 'FileUploadedToCloud',
    AccountObjectId: user,
    AccountUpn: 'someone@contoso.example',
    Workload: 'Endpoint',
    ObjectName: 'core-banking-api.tar.gz',
    ObjectType: 'File',
    IPAddress: '192.0.2.15',
    DlpPolicyMatchInfo: '[{"PolicyName":"Source code","PolicyId":"p-1"}]',
    DlpPolicyRuleMatchInfo: '[{"RuleName":"Secrets","RuleId":"r-1"}]',
    DlpPolicyEnforcementMode: mode,
    SensitiveInfoTypeInfo: ['{"SensitiveInfoTypeId":"0f587d92-eb28-44a9-bd1c-90f2892b47aa","Count":1}'],
    ...extra,
  });
  const cloudRow = (ms: number, actionType: string): Raw => ({
    Timestamp: graphTime(ms),
    ActionType: actionType,
    Application: 'Microsoft SharePoint Online',
    AccountObjectId: USER,
    ObjectName: 'core-banking-api.tar.gz',
    ObjectType: 'File',
    IPAddress: '192.0.2.15',
    CountryCode: 'US',
    UncommonForUser: [],
  });
  const seed = (cloud: Raw[], dlp: Raw[]) => {
    env.emulator.huntingTable = 'recorded';
    env.emulator.activity.splice(0, env.emulator.activity.length, ...cloud);
    env.emulator.dataSecurityEventsTable = 'recorded';
    env.emulator.dataSecurityEvents.splice(0, env.emulator.dataSecurityEvents.length, ...dlp);
  };
  const alert = alertWith('dl-dse-1', {
    subject: { id: USER, displayName: 'Lars', userPrincipalName: 'lars@contoso.example' },
    createdAt: new Date(first + 60_000).toISOString(),
    firstActivityAt: new Date(first).toISOString(),
    lastActivityAt: new Date(first).toISOString(),
  });
  const noRelated = { alertsOfIncident: async () => [], alertsOfUser: async () => [], alertsOfFile: async () => [] };
  const gather = (activity: GraphAdapterProcess['activity']) =>
    gatherInvestigation(alert, { activity, related: noRelated, clock: { now: () => new Date() }, windowHours: 2 });

  /** Another adapter host on the same emulator: its own process, so its own cache of what the tenant lacks. */
  const withHost = async (fn: (h: GraphAdapterProcess) => Promise<void>) => {
    const h = new GraphAdapterProcess(
      { ...env.emulator.env(), ACCESS_POLICY_FILE: path.join(env.dir, 'access-policy.json') },
      { retry: { baseDelaySeconds: 0.2 } },
    );
    try {
      await h.start();
      await fn(h);
    } finally {
      await h.stop();
    }
  };

  before(async () => {
    env = await startGraphTestEnv();
  });
  beforeEach(() => env.emulator.reset());
  after(async () => env?.close());

  it("POSTs dlpEventQuery's KQL with its window as the timespan, and maps the user's DLP rows in the window", async () => {
    seed(
      [],
      [
        dlpRow(USER, start + HOUR, 4),
        dlpRow(USER, end, '3', { Workload: '', ObjectType: null }),
        dlpRow(USER, start + 2 * HOUR, 9),
        dlpRow(USER, start + 3 * HOUR, 1, { DlpPolicyMatchInfo: '' }),
        dlpRow(USER, start - 1, 4),
        dlpRow(OTHER, start + HOUR, 4),
      ],
    );
    const answer = await env.host.activity.dlpEventsOf(query);
    const event = { actionType: 'FileUploadedToCloud', objectName: 'core-banking-api.tar.gz', ipAddress: '192.0.2.15' };
    assert.deepEqual(answer, {
      total: 3,
      events: [
        {
          at: graphTime(start + HOUR),
          ...event,
          application: 'Endpoint',
          objectType: 'File',
          uncommonForUser: false,
          dlpEnforcement: 'block',
        },
        {
          at: graphTime(start + 2 * HOUR),
          ...event,
          application: 'Endpoint',
          objectType: 'File',
          uncommonForUser: false,
          dlpEnforcement: 'unknown',
        },
        { at: graphTime(end), ...event, uncommonForUser: false, dlpEnforcement: 'warnOverridden' },
      ],
    });
    assert.deepEqual(bodies(), [{ query: query.kql, timespan: `${query.from}/${new Date(end + 1).toISOString()}` }]);
  });

  it('past the cap: the oldest events, and the total from the count query of the same filters', async () => {
    const n = MAX_ACTIVITY_EVENTS + 15;
    seed(
      [],
      Array.from({ length: n }, (_, i) => dlpRow(USER, start + i * 1000, 4)),
    );
    const answer = await env.host.activity.dlpEventsOf(query);
    assert.equal(answer.events.length, MAX_ACTIVITY_EVENTS);
    assert.equal(answer.total, n);
    assert.deepEqual(
      bodies().map((b) => b.query),
      [query.kql, activityCountQuery(query)],
    );
  });

  it('a tenant without DataSecurityEvents (400): no events, one info line without the query, not asked again for a while', async () => {
    await withHost(async (h) => {
      env.emulator.dataSecurityEventsTable = 'absent';
      assert.deepEqual(await h.activity.dlpEventsOf(query), { events: [], total: 0 });
      assert.deepEqual(await h.activity.dlpEventsOf(query), { events: [], total: 0 });
      assert.equal(hunts().length, 1, 'the 400 is believed: the second look sends nothing');
      const line = h.logs.find((l) => l.msg === 'advanced hunting gave no DLP events');
      assert.equal(line?.level, 30, 'info');
      assert.equal(line?.hunting?.table, 'DataSecurityEvents');
      assert.ok(!JSON.stringify(h.logs).includes('DlpPolicyMatchInfo'), 'no query text in any line');
    });
  });

  it('429, 504, 500, 403 or an answer in another shape: no events, and the next look asks again', async () => {
    seed([], [dlpRow(USER, start + HOUR, 4)]);
    const failures = [
      { status: 429, headers: { 'Retry-After': '120' } },
      { status: 504 },
      { status: 500 },
      { status: 403 },
      { status: 200, body: { value: [] } },
    ];
    for (const failure of failures) {
      env.emulator.failNext({ path: /runHuntingQuery$/, ...failure });
      assert.deepEqual(await env.host.activity.dlpEventsOf(query), { events: [], total: 0 }, String(failure.status));
    }
    assert.equal((await env.host.activity.dlpEventsOf(query)).total, 1, 'asked again, answered');
    const lines = env.host.logs.filter((l) => l.msg === 'advanced hunting gave no DLP events');
    assert.ok(lines.length >= failures.length && lines.every((l) => l.level === 30));
  });

  it('a query whose KQL is not what dlpEventQuery builds is refused without a request', async () => {
    const activity = activityQuery(USER, new Date(start), new Date(end));
    for (const tampered of [
      activity,
      { ...query, kql: query.kql.replace(USER, OTHER) },
      { ...query, kql: query.kql.replace('| where isnotempty(DlpPolicyMatchInfo)\n', '') },
      { ...query, kql: `${query.kql}\n| project SensitiveInfoTypeInfo` },
    ]) {
      await assert.rejects(env.host.activity.dlpEventsOf(tampered), triageError('invalid'));
    }
    await assert.rejects(env.host.activity.activityOf(query), triageError('invalid'));
    assert.equal(hunts().length, 0);
  });

  describe('with the CloudAppEvents query, as an investigation runs them', () => {
    it('sends both queries, each its own body and the same timespan; merges the DLP events by time; totals both', async () => {
      seed(
        [
          cloudRow(first - HOUR, 'FileAccessed'),
          cloudRow(first, 'FileDownloaded'),
          cloudRow(first + HOUR, 'FileModified'),
        ],
        [dlpRow(USER, first + 30_000, 4), dlpRow(USER, first - 30 * 60_000, 3)],
      );
      const gathered = await gather(env.host.activity);
      const cloud = activityQuery(USER, new Date(start), new Date(end));
      const dlp = dlpEventQuery(USER, new Date(start), new Date(end));
      const sent = bodies().sort((a, b) => String(a.query).localeCompare(String(b.query)));
      const timespan = `${cloud.from}/${new Date(end + 1).toISOString()}`;
      assert.deepEqual(sent, [
        { query: cloud.kql, timespan },
        { query: dlp.kql, timespan },
      ]);
      assert.equal(gathered.kql, shownQueries(cloud, dlp));
      assert.deepEqual(gathered.problems, []);
      assert.ok(gathered.activity.kind === 'events');
      const { summary } = gathered.activity;
      assert.equal(summary.total, 5);
      assert.deepEqual(
        summary.highlights.map((e) => [e.dlpEnforcement ?? e.actionType, e.at]),
        [
          ['warnOverridden', graphTime(first - 30 * 60_000)],
          ['block', graphTime(first + 30_000)],
          ['FileDownloaded', graphTime(first)],
          ['FileAccessed', graphTime(first - HOUR)],
          ['FileModified', graphTime(first + HOUR)],
        ],
      );
    });

    it('DataSecurityEvents answers 400: the CloudAppEvents events still show, with no problem line', async () => {
      await withHost(async (h) => {
        seed([cloudRow(first, 'FileDownloaded')], []);
        env.emulator.dataSecurityEventsTable = 'absent';
        const gathered = await gather(h.activity);
        assert.deepEqual(gathered.problems, []);
        assert.ok(gathered.activity.kind === 'events');
        assert.equal(gathered.activity.summary.total, 1);
        assert.deepEqual(
          gathered.activity.summary.highlights.map((e) => e.actionType),
          ['FileDownloaded'],
        );
      });
    });

    it('CloudAppEvents throttled: the activity is unavailable as before, whatever DataSecurityEvents holds', async () => {
      seed([cloudRow(first, 'FileDownloaded')], [dlpRow(USER, first + 30_000, 4)]);
      env.emulator.failNext({
        path: /runHuntingQuery$/,
        requestBody: /CloudAppEvents/,
        status: 429,
        headers: { 'Retry-After': '120' },
      });
      const gathered = await gather(env.host.activity);
      assert.deepEqual(gathered.activity, { kind: 'unavailable', reason: 'throttled', retryAfterSeconds: 120 });
      assert.ok(
        bodies().some((b) => String(b.query).startsWith('DataSecurityEvents')),
        'the DLP query ran too',
      );
    });
  });
});
