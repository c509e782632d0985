import { strict as assert } from 'node:assert';
import path from 'node:path';
import type { GraphBackendOptions } from '../../../../src/backends/graph/graph-backend.js';
import { graphTime } from '../../../../src/backends/local/local-seed.js';
import { MAX_ACTIVITY_EVENTS, type ActivityQuery } from '../../../../src/triage/investigation/activity.js';
import { activityCountQuery, activityQuery } from '../../../../src/triage/investigation/hunting-query.js';
import { GraphAdapterProcess } from '../../../support/graph-adapter-process.js';
import { startGraphTestEnv, type GraphTestEnv } from '../../../support/graph-test-env.js';
import { triageError } from '../../../support/triage-errors.js';

type Raw = Record<string, any>;

/**
 * GraphActivitySource (advanced hunting) and GraphRelatedAlerts against the emulator: the request bodies and
 * filters as sent, the mapping, the count past the cap, throttling, timeouts, a tenant that does not record the
 * activity, paging and its bounds.
 */
describe('Graph investigation adapters over HTTPS (emulator, real @azure/identity and Graph client)', function () {
  this.timeout(60_000);
  let env: GraphTestEnv;
  const USER = 'b1b2c3d4-0000-4000-8000-00000000abcd';
  const OTHER = 'c1b2c3d4-0000-4000-8000-00000000dcba';
  const HOUR = 3_600_000;
  const end = Date.now() - HOUR;
  const start = end - 6 * HOUR;
  const query: ActivityQuery = activityQuery(USER, new Date(start), new Date(end));
  const hunts = () => env.emulator.calls('graph', 'POST', /^\/v1\.0\/security\/runHuntingQuery$/);
  const row = (user: string, ms: number, actionType: string, extra: Raw = {}): Raw => ({
    Timestamp: graphTime(ms),
    ActionType: actionType,
    Application: 'Microsoft SharePoint Online',
    AccountObjectId: user,
    AccountDisplayName: 'Someone',
    ObjectName: 'Q1-card-reconciliation.xlsx',
    ObjectType: 'File',
    IPAddress: '203.0.113.7',
    CountryCode: 'DE',
    UncommonForUser: [],
    ...extra,
  });
  const seedActivity = (...rows: Raw[]) => {
    env.emulator.huntingTable = 'recorded';
    env.emulator.activity.splice(0, env.emulator.activity.length, ...rows);
  };

  /** Another adapter host on the same emulator: its own process, so its own probe cache. */
  const withHost = async (options: GraphBackendOptions, fn: (h: GraphAdapterProcess) => Promise<void>) => {
    const h = new GraphAdapterProcess(
      { ...env.emulator.env(), ACCESS_POLICY_FILE: path.join(env.dir, 'access-policy.json') },
      { retry: { baseDelaySeconds: 0.2 }, ...options },
    );
    try {
      await h.start();
      await fn(h);
    } finally {
      await h.stop();
    }
  };

  before(async () => {
    env = await startGraphTestEnv({ emulator: { pageSize: 2 } });
  });
  beforeEach(() => env.emulator.reset());
  after(async () => env?.close());

  describe('GraphActivitySource', () => {
    it('POSTs the query of activityQuery and its window as the timespan, and maps the rows of the user in the window', async () => {
      seedActivity(
        row(USER, start + HOUR, 'FileDownloaded', { UncommonForUser: ['ISP', 'CountryCode'] }),
        row(USER, end, 'AnonymousLinkCreated', { Application: '', ObjectType: null, CountryCode: null }),
        row(USER, start - 1, 'FileDownloaded'),
        row(USER, end + 1, 'FileDeleted'),
        row(OTHER, start + HOUR, 'FileDownloaded'),
      );
      const answer = await env.host.activity.activityOf(query);
      assert.deepEqual(answer, {
        kind: 'events',
        total: 2,
        events: [
          {
            at: graphTime(start + HOUR),
            actionType: 'FileDownloaded',
            application: 'Microsoft SharePoint Online',
            objectName: 'Q1-card-reconciliation.xlsx',
            objectType: 'File',
            ipAddress: '203.0.113.7',
            countryCode: 'DE',
            uncommonForUser: true,
          },
          {
            at: graphTime(end),
            actionType: 'AnonymousLinkCreated',
            objectName: 'Q1-card-reconciliation.xlsx',
            ipAddress: '203.0.113.7',
            uncommonForUser: false,
          },
        ],
      });
      const [call, ...more] = hunts();
      assert.equal(more.length, 0, 'one query, no count and no probe');
      assert.deepEqual(call!.body, {
        query: query.kql,
        timespan: `${query.from}/${new Date(end + 1).toISOString()}`,
      });
      assert.match(String(call!.headers['content-type']), /^application\/json/);
      assert.match(String(call!.headers.authorization), /^Bearer /);
    });

    it('UncommonForUser as Graph may send a dynamic column (a JSON string) counts only when not empty', async () => {
      seedActivity(
        row(USER, start + 1, 'A', { UncommonForUser: '["ISP"]' }),
        row(USER, start + 2, 'B', { UncommonForUser: '[]' }),
        row(USER, start + 3, 'C', { UncommonForUser: '' }),
        row(USER, start + 4, 'D', { UncommonForUser: null }),
      );
      const answer = await env.host.activity.activityOf(query);
      assert.equal(answer.kind, 'events');
      assert.deepEqual(answer.kind === 'events' && answer.events.map((e) => [e.actionType, e.uncommonForUser]), [
        ['A', true],
        ['B', false],
        ['C', false],
        ['D', false],
      ]);
    });

    it('past the cap: the events up to MAX_ACTIVITY_EVENTS, and the total from activityCountQuery', async () => {
      const n = MAX_ACTIVITY_EVENTS + 20;
      seedActivity(...Array.from({ length: n }, (_, i) => row(USER, start + i * 1000, 'FileAccessed')));
      const answer = await env.host.activity.activityOf(query);
      assert.ok(answer.kind === 'events');
      assert.equal(answer.events.length, MAX_ACTIVITY_EVENTS);
      assert.equal(answer.total, n);
      assert.equal(answer.events[0]!.at, graphTime(start));
      assert.deepEqual(
        hunts().map((c) => (c.body as Raw).query),
        [query.kql, activityCountQuery(query)],
      );
      assert.equal((hunts()[1]!.body as Raw).timespan, (hunts()[0]!.body as Raw).timespan);
    });

    it('429: throttled with the Retry-After, and no retry beyond the bounded ones (a Retry-After over 60 s is not waited for)', async () => {
      env.emulator.failNext({ path: /runHuntingQuery$/, status: 429, headers: { 'Retry-After': '120' } });
      assert.deepEqual(await env.host.activity.activityOf(query), {
        kind: 'unavailable',
        reason: 'throttled',
        retryAfterSeconds: 120,
      });
      assert.equal(hunts().length, 1);
    });

    it('429 on every attempt: the gateway retries a bounded number of times, then throttled', async () => {
      env.emulator.failNext({ path: /runHuntingQuery$/, status: 429, headers: { 'Retry-After': '0' }, times: 10 });
      const answer = await env.host.activity.activityOf(query);
      assert.deepEqual(answer, { kind: 'unavailable', reason: 'throttled', retryAfterSeconds: 0 });
      assert.equal(hunts().length, 4, 'the first attempt and the three retries of the Graph client');
    });

    it('504: timeout, and the POST is not repeated', async () => {
      env.emulator.failNext({ path: /runHuntingQuery$/, status: 504 });
      assert.deepEqual(await env.host.activity.activityOf(query), { kind: 'unavailable', reason: 'timeout' });
      assert.equal(hunts().length, 1);
    });

    it('a query that does not answer within the per-call timeout: timeout', async () => {
      await withHost({ timeoutMs: 300 }, async (h) => {
        env.emulator.slowDown({ path: /runHuntingQuery$/, delayMs: 1500, times: 1 });
        assert.deepEqual(await h.activity.activityOf(query), { kind: 'unavailable', reason: 'timeout' });
      });
    });

    it('a 5xx other than 504, or an answer in another shape: failed (logged with the request id, not the query)', async () => {
      env.emulator.failNext({ path: /runHuntingQuery$/, status: 500 });
      assert.deepEqual(await env.host.activity.activityOf(query), { kind: 'unavailable', reason: 'failed' });
      env.emulator.failNext({ path: /runHuntingQuery$/, status: 200, body: { value: [] } });
      assert.deepEqual(await env.host.activity.activityOf(query), { kind: 'unavailable', reason: 'failed' });
      const failed = env.host.logs.find((l) => l.msg === 'graph operation failed' && l.graph?.status === 500);
      assert.ok(failed?.graph.requestId, 'the request id is logged');
      const loud = env.host.logs.filter((l) => l.level > 20);
      assert.ok(!JSON.stringify(loud).includes('AccountObjectId'), 'no query text above debug');
    });

    it('no CloudAppEvents table at all (the query names it as unknown): not recorded', async () => {
      env.emulator.huntingTable = 'absent';
      assert.deepEqual(await env.host.activity.activityOf(query), { kind: 'notRecorded' });
      assert.equal(hunts().length, 1);
    });

    it('an empty table: not recorded, told apart from "no activity" by a probe of the whole table', async () => {
      env.emulator.huntingTable = 'empty';
      await withHost({}, async (h) => {
        assert.deepEqual(await h.activity.activityOf(query), { kind: 'notRecorded' });
      });
      const [, probe, ...more] = hunts();
      assert.deepEqual(probe!.body, { query: 'CloudAppEvents\n| take 1' }, "advanced hunting's default 30 days");
      assert.equal(more.length, 0);
    });

    it('others have rows but the user none in the window: no activity (events, total 0); the probe is cached', async () => {
      seedActivity(row(OTHER, start + HOUR, 'FileDownloaded'));
      const none = { kind: 'events', events: [], total: 0 };
      await withHost({}, async (h) => {
        assert.deepEqual(await h.activity.activityOf(query), none);
        assert.equal(hunts().length, 2, 'the query and the probe');
        assert.deepEqual(await h.activity.activityOf(query), none);
        assert.equal(hunts().length, 3, 'the query again, the probe from the cache');
      });
    });

    it('a query whose KQL is not what activityQuery builds for its user and window is refused without a request', async () => {
      const tampered = { ...query, kql: query.kql.replace(USER, OTHER) };
      await assert.rejects(env.host.activity.activityOf(tampered), triageError('invalid'));
      await assert.rejects(
        env.host.activity.activityOf({ ...query, kql: `${query.kql}\n| union DeviceEvents` }),
        triageError('invalid'),
      );
      assert.equal(hunts().length, 0);
    });

    it('without ThreatHunting.Read.All: refused with a message that names the permission', async () => {
      env.emulator.roles.delete('ThreatHunting.Read.All');
      await assert.rejects(
        env.host.activity.activityOf(query),
        triageError('forbidden', /ThreatHunting\.Read\.All/, /admin consent/),
      );
    });
  });

  describe('GraphRelatedAlerts', () => {
    const alertCalls = () => env.emulator.calls('graph', 'GET', /^\/v1\.0\/security\/alerts_v2$/);
    const incidentCalls = () => env.emulator.calls('graph', 'GET', /^\/v1\.0\/security\/incidents\//);
    const seedAlert = (n: number) => env.emulator.alerts[n] as Raw;
    const copyOf = (n: number, id: string, changes: Raw): Raw => {
      const copy = { ...structuredClone(seedAlert(n)), id, ...changes };
      env.emulator.alerts.push(copy);
      return copy;
    };
    const userEvidence = (upn: string) => ({
      '@odata.type': '#microsoft.graph.security.userEvidence',
      roles: ['policyViolator'],
      userAccount: { userPrincipalName: upn, azureAdUserId: USER, displayName: 'Pat' },
    });
    const byNewest = (alerts: Raw[]) =>
      [...alerts].sort((a, b) => String(b.createdDateTime).localeCompare(String(a.createdDateTime))).map((a) => a.id);

    it('alertsOfIncident: every alert of the incident, DLP or not, newest first; nextLinks followed; the Prefer header', async () => {
      const correlated = env.emulator.alerts.find((a) => a.serviceSource !== 'dataLossPrevention')!;
      const incidentId = String(correlated.incidentId);
      const members = env.emulator.alerts.filter((a) => a.incidentId === incidentId);
      assert.ok(members.length >= 3, 'the seed groups DLP alerts and a correlated alert in one incident');
      const alerts = await env.host.related.alertsOfIncident(incidentId);
      assert.deepEqual(
        alerts.map((a) => a.id),
        byNewest(members),
      );
      assert.equal(incidentCalls().length, Math.ceil(members.length / 2), 'two alerts per page');
      assert.equal(incidentCalls()[0]!.path, `/v1.0/security/incidents/${incidentId}/alerts`);
      assert.ok(incidentCalls().every((c) => c.headers.prefer === 'include-unknown-enum-members'));
      const mapped = alerts.find((a) => a.id === correlated.id)!;
      assert.equal(mapped.source, correlated.serviceSource);
      assert.equal(mapped.incidentId, incidentId);
    });

    it('alertsOfIncident: an unknown incident has no alerts; an id that is not one is refused without a request', async () => {
      assert.deepEqual(await env.host.related.alertsOfIncident('99999999'), []);
      assert.equal(incidentCalls().length, 1);
      await assert.rejects(env.host.related.alertsOfIncident('..'), triageError('invalid'));
      await assert.rejects(env.host.related.alertsOfIncident('$count'), triageError('invalid'));
      assert.equal(incidentCalls().length, 1);
    });

    it('alertsOfIncident without SecurityIncident.Read.All: refused, naming the permission', async () => {
      env.emulator.roles.delete('SecurityIncident.Read.All');
      env.emulator.roles.delete('SecurityIncident.ReadWrite.All');
      await assert.rejects(
        env.host.related.alertsOfIncident(String(seedAlert(0).incidentId)),
        triageError('forbidden', /SecurityIncident\.Read\.All/),
      );
    });

    it("alertsOfUser: the documented evidence filter with the UPN's quotes doubled, DLP alerts since the date, newest first", async () => {
      const upn = "pat.o'neil@contoso.example";
      const since = seedAlert(3).createdDateTime as string;
      const recent = copyOf(3, 'dl-pat-recent', { evidence: [userEvidence(upn)], createdDateTime: since });
      copyOf(4, 'dl-pat-old', {
        evidence: [userEvidence(upn)],
        createdDateTime: new Date(Date.parse(since) - HOUR).toISOString(),
      });
      copyOf(5, 'mcas-pat', { evidence: [userEvidence(upn)], serviceSource: 'microsoftDefenderForCloudApps' });
      const alerts = await env.host.related.alertsOfUser({ userPrincipalName: upn, id: USER }, since);
      assert.deepEqual(
        alerts.map((a) => a.id),
        [recent.id],
      );
      const [call] = alertCalls();
      assert.equal(
        call!.query.$filter,
        `serviceSource eq 'dataLossPrevention' and createdDateTime ge ${since} and ` +
          `evidence/any(e: e/microsoft.graph.security.userEvidence/userAccount/userPrincipalName eq 'pat.o''neil@contoso.example')`,
      );
      assert.equal(call!.headers.prefer, 'include-unknown-enum-members');
    });

    it('alertsOfUser by object id only: the UPN from the directory, and only alerts whose subject is that user', async () => {
      const subject = (seedAlert(8).evidence as Raw[]).find((e) => e.userAccount)!.userAccount;
      const upn = subject.userPrincipalName as string;
      const id = subject.azureAdUserId as string;
      const since = '2020-01-01T00:00:00Z';
      copyOf(9, 'dl-same-upn-other-person', {
        evidence: [{ ...userEvidence(upn), userAccount: { userPrincipalName: upn, azureAdUserId: OTHER } }],
      });
      const expected = env.emulator.alerts.filter(
        (a) =>
          a.serviceSource === 'dataLossPrevention' &&
          (a.evidence as Raw[]).find((e) => e.userAccount)?.userAccount.azureAdUserId === id,
      );
      const alerts = await env.host.related.alertsOfUser({ id: id.toUpperCase() }, since);
      assert.deepEqual(
        alerts.map((a) => a.id),
        byNewest(expected),
      );
      const lookup = env.emulator.calls('graph', 'GET', /^\/v1\.0\/users\//);
      assert.equal(lookup[0]?.path, `/v1.0/users/${id}`);
      assert.match(
        alertCalls()[0]!.query.$filter!,
        new RegExp(`userPrincipalName eq '${upn.replace(/\./g, '\\.')}'\\)$`),
      );
    });

    it('alertsOfUser: a guest UPN is percent-encoded; no UPN, or one that is not a UPN, sends nothing', async () => {
      const guest = 'pat_fabrikam.example#EXT#@contoso.example';
      copyOf(6, 'dl-guest', { evidence: [userEvidence(guest)] });
      const since = '2020-01-01T00:00:00Z';
      assert.deepEqual(
        (await env.host.related.alertsOfUser({ userPrincipalName: guest }, since)).map((a) => a.id),
        ['dl-guest'],
      );
      assert.match(alertCalls()[0]!.rawQuery, /%23EXT%23/);
      env.emulator.requests.splice(0);
      assert.deepEqual(await env.host.related.alertsOfUser({ id: USER }, since), []);
      assert.deepEqual(
        await env.host.related.alertsOfUser({ userPrincipalName: "x' or serviceSource eq 'x@contoso.example" }, since),
        [],
      );
      assert.equal(alertCalls().length, 0);
      await assert.rejects(
        env.host.related.alertsOfUser({ userPrincipalName: guest }, "2026-01-01' or true"),
        triageError('invalid'),
      );
      assert.equal(alertCalls().length, 0);
    });

    it('alertsOfFile: DLP alerts since the date matched on the file name client-side (no file filter exists), newest first', async () => {
      const name = seedAlert(0).evidence.find((e: Raw) => e.fileDetails)?.fileDetails.fileName as string;
      const since = '2020-01-01T00:00:00Z';
      seedAlert(0).lastUpdateDateTime = new Date().toISOString(); // within the pages read (alerts_v2 has no order)
      const other = copyOf(7, 'dl-same-file', {
        evidence: [{ '@odata.type': '#microsoft.graph.security.fileEvidence', fileDetails: { fileName: name } }],
        lastUpdateDateTime: new Date().toISOString(),
      });
      const alerts = await env.host.related.alertsOfFile({ name }, since);
      assert.deepEqual(
        alerts.map((a) => a.id),
        byNewest([seedAlert(0), other]),
      );
      assert.equal(
        alertCalls()[0]!.query.$filter,
        `serviceSource eq 'dataLossPrevention' and createdDateTime ge ${since}`,
      );
    });

    it('alertsOfFile reads a bounded number of pages', async () => {
      await env.host.related.alertsOfFile({ name: 'nowhere.xlsx' }, '2020-01-01T00:00:00Z');
      const pages = alertCalls().length;
      assert.ok(pages < Math.ceil(env.emulator.alerts.length / 2), `stopped after ${pages} pages`);
      assert.ok(pages >= 2, 'followed nextLinks');
    });
  });
});
