import { strict as assert } from 'node:assert';
import { mapGraphAlert } from '../../src/backends/alerts-v2/alerts-v2-mapper.js';
import {
  EARLIER_FALSE_POSITIVES_USER,
  EMPLOYEES,
  buildSeedTenant,
  guidFrom,
} from '../../src/backends/local/local-seed.js';
import type { LocalTenant } from '../../src/backends/local/local-tenant-schema.js';
import type { Alert } from '../../src/triage/alert.js';
import type { RelatedAlertSource } from '../../src/triage/investigation/related-alerts.js';
import { compareTimestamps } from '../../src/triage/timestamps.js';
import { triageError } from '../support/triage-errors.js';

type Raw = Record<string, any>;

/** One implementation under test, holding exactly the alerts of the tenant it was opened with. */
export interface RelatedAlertsFixture {
  source: RelatedAlertSource;
  close(): Promise<void>;
}

const DAY = 86_400_000;

/**
 * The tenant the suite runs on: the seed (an hour old), plus a DLP alert of the "earlier false positives"
 * user 45 days old (a copy of her newest alert, same file, its own incident), so the 30-day window has
 * something to leave out.
 */
export function relatedAlertsTenant(now = Date.now()): LocalTenant {
  const tenant = buildSeedTenant(new Date(now - 3_600_000));
  const user = EMPLOYEES.find((e) => e.key === EARLIER_FALSE_POSITIVES_USER)!.user;
  const template = (tenant.alerts as Raw[])
    .filter((r) => r.serviceSource === 'dataLossPrevention' && mapGraphAlert(r).subject?.id === user.id)
    .filter((r) => mapGraphAlert(r).file)
    .sort((a, b) => compareTimestamps(b.createdDateTime, a.createdDateTime))[0]!;
  const guid = guidFrom('contract:old-alert');
  const created = new Date(now - 45 * DAY).toISOString();
  const old: Raw = {
    ...structuredClone(template),
    id: `dl${guid}`,
    providerAlertId: guid,
    incidentId: '99001',
    incidentWebUrl: `https://security.microsoft.com/incidents/99001?tid=${tenant.tenantId}`,
    alertWebUrl: `https://security.microsoft.com/alerts/dl${guid}?tid=${tenant.tenantId}`,
    status: 'resolved',
    classification: 'falsePositive',
    determination: 'notMalicious',
    createdDateTime: created,
    firstActivityDateTime: created,
    lastUpdateDateTime: new Date(now - 44 * DAY).toISOString(),
    resolvedDateTime: new Date(now - 44 * DAY).toISOString(),
    comments: [],
  };
  tenant.alerts.push(old);
  tenant.incidents!.push({
    id: '99001',
    displayName: String(old.title),
    incidentWebUrl: old.incidentWebUrl,
    severity: String(old.severity),
    status: 'resolved',
    createdDateTime: created,
    lastUpdateDateTime: old.lastUpdateDateTime,
  });
  return tenant;
}

const ids = (alerts: readonly Alert[]) => alerts.map((a) => a.id);
const newestFirst = (alerts: Alert[]) =>
  [...alerts].sort((a, b) => compareTimestamps(b.createdAt, a.createdAt) || (a.id < b.id ? -1 : 1));
const isDlp = (a: Alert) => a.source === 'dataLossPrevention';
const atOrAfter = (since: string) => (a: Alert) => compareTimestamps(a.createdAt, since) >= 0;

/**
 * The RelatedAlertSource contract: the alerts of an incident (every source), and the DLP alerts of a user
 * or a file since a time, newest first. Expectations are computed from the tenant, never hard-coded. Run
 * against the local backend, the in-memory fake and the Graph adapters (through the emulator).
 */
export function relatedAlertsContract(name: string, open: (tenant: LocalTenant) => Promise<RelatedAlertsFixture>) {
  describe(`RelatedAlertSource contract: ${name}`, function () {
    this.timeout(60_000);
    const now = Date.now();
    const tenant = relatedAlertsTenant(now);
    const all = tenant.alerts.map((r) => mapGraphAlert(r));
    const since30 = new Date(now - 30 * DAY).toISOString();
    const fpUser = EMPLOYEES.find((e) => e.key === EARLIER_FALSE_POSITIVES_USER)!.user;
    const correlated = all.find((a) => a.source === 'microsoftDefenderForEndpoint')!;
    let f: RelatedAlertsFixture;
    before(async () => {
      f = await open(structuredClone(tenant));
    });
    after(async () => f?.close());

    it('alertsOfIncident: every alert of the incident, the correlated Defender alert included, newest first', async () => {
      assert.ok(correlated, 'the seed has a correlated alert of another product');
      const expected = newestFirst(all.filter((a) => a.incidentId === correlated.incidentId));
      assert.ok(expected.filter(isDlp).length >= 2, 'and DLP alerts in the same incident');
      const got = await f.source.alertsOfIncident(correlated.incidentId!);
      assert.deepEqual(ids(got), ids(expected));
      const other = got.find((a) => a.id === correlated.id)!;
      assert.deepEqual(
        [other.source, other.incidentId, other.subject?.id],
        ['microsoftDefenderForEndpoint', correlated.incidentId, correlated.subject?.id],
      );
      assert.deepEqual(
        other.evidence?.map((e) => e.kind),
        correlated.evidence?.map((e) => e.kind),
      );
    });

    it('alertsOfIncident: a one-alert incident holds that alert; an unknown incident holds none', async () => {
      const alone = all.find((a) => all.filter((b) => b.incidentId === a.incidentId).length === 1)!;
      assert.deepEqual(ids(await f.source.alertsOfIncident(alone.incidentId!)), [alone.id]);
      assert.deepEqual(await f.source.alertsOfIncident('4242424242'), []);
    });

    it('alertsOfUser: the DLP alerts of the user in the last 30 days, newest first, the alert itself included', async () => {
      const mine = all.filter((a) => a.subject?.id === fpUser.id && isDlp(a));
      const expected = newestFirst(mine.filter(atOrAfter(since30)));
      assert.ok(expected.length >= 3 && expected.length < mine.length, 'the 45-day-old alert is left out');
      const got = await f.source.alertsOfUser({ id: fpUser.id, userPrincipalName: fpUser.userPrincipalName }, since30);
      assert.deepEqual(ids(got), ids(expected));
      assert.ok(
        got.some((a) => a.classification === 'falsePositive'),
        'her earlier false positives are among them',
      );
    });

    it('alertsOfUser: since is inclusive and narrows the list', async () => {
      const mine = newestFirst(all.filter((a) => a.subject?.id === fpUser.id && isDlp(a)));
      const since = mine[1]!.createdAt;
      const got = await f.source.alertsOfUser({ id: fpUser.id }, since);
      assert.deepEqual(ids(got), ids(mine.slice(0, 2)));
    });

    it('alertsOfUser: by UPN (any case) when there is no id; ids match in any case', async () => {
      const expected = ids(
        newestFirst(all.filter((a) => a.subject?.id === fpUser.id && isDlp(a) && atOrAfter(since30)(a))),
      );
      const byUpn = await f.source.alertsOfUser({ userPrincipalName: fpUser.userPrincipalName.toUpperCase() }, since30);
      assert.deepEqual(ids(byUpn), expected);
      const byId = await f.source.alertsOfUser({ id: fpUser.id.toUpperCase() }, since30);
      assert.deepEqual(ids(byId), expected);
    });

    it('alertsOfUser and alertsOfFile: DLP alerts only, never the correlated Defender alert', async () => {
      const user = await f.source.alertsOfUser({ id: correlated.subject!.id }, since30);
      assert.ok(user.length >= 2 && user.every(isDlp), 'the DLP alerts of the same user');
      const file = await f.source.alertsOfFile({ name: correlated.file!.name }, since30);
      assert.ok(file.length >= 1 && file.every(isDlp), 'the DLP alert of the same file');
      assert.ok(!ids([...user, ...file]).includes(correlated.id));
    });

    it('alertsOfFile: the DLP alerts whose file evidence names the file (any case) since the time, newest first', async () => {
      const old = all.find((a) => a.incidentId === '99001')!;
      const name = old.file!.name;
      const named = all.filter((a) => isDlp(a) && a.evidence?.some((e) => e.kind === 'file' && e.name === name));
      assert.ok(named.length >= 2, 'the old copy and its template name the same file');
      const got = await f.source.alertsOfFile({ name: name.toUpperCase(), path: 'ignored/for/matching' }, since30);
      assert.deepEqual(ids(got), ids(newestFirst(named.filter(atOrAfter(since30)))));
      const longer = await f.source.alertsOfFile({ name }, new Date(now - 60 * DAY).toISOString());
      assert.deepEqual(ids(longer), ids(newestFirst(named)));
    });

    it('an unknown user or file has no alerts', async () => {
      const nobody = { id: 'e0000000-0000-4000-8000-00000000dead', userPrincipalName: 'nobody@contoso.example' };
      assert.deepEqual(await f.source.alertsOfUser(nobody, since30), []);
      assert.deepEqual(await f.source.alertsOfUser({ userPrincipalName: 'nobody@contoso.example' }, since30), []);
      assert.deepEqual(await f.source.alertsOfFile({ name: 'no-such-file.xlsx' }, since30), []);
    });

    it('a since that is not a date and time is refused as invalid', async () => {
      await assert.rejects(f.source.alertsOfUser({ id: fpUser.id }, "2026-01-01' or true"), triageError('invalid'));
      await assert.rejects(f.source.alertsOfFile({ name: 'x.xlsx' }, 'yesterday'), triageError('invalid'));
    });
  });
}
