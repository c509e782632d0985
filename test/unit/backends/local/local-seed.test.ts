import { strict as assert } from 'node:assert';
import { CLASSIFICATIONS, SEVERITIES, STATUSES, type Alert } from '../../../../src/triage/alert.js';
import { graphAlertSchema } from '../../../../src/backends/alerts-v2/alerts-v2-schema.js';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { localTenantSchema, validateLocalAlerts } from '../../../../src/backends/local/local-tenant-schema.js';
import {
  EARLIER_FALSE_POSITIVES_USER,
  EMPLOYEES,
  LOCAL_TENANT_ID,
  PERSONAS,
  buildSeedTenant,
} from '../../../../src/backends/local/local-seed.js';
import { makeDemoAlert, makeDemoRecords } from '../../../../src/backends/local/demo-alert-generator.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const GRAPH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;
const EVIDENCE = (type: string) => `#microsoft.graph.security.${type}`;

type Raw = Record<string, any>;

const tenant = buildSeedTenant(NOW);
const isDlp = (r: Raw) => r.serviceSource === 'dataLossPrevention';
/** The DLP alerts (every alert but the correlated Defender one). */
const raws = (tenant.alerts as Raw[]).filter(isDlp);
const cloud = (tenant.alerts as Raw[]).filter((r) => r.serviceSource === 'microsoftDefenderForCloud');
const others = (tenant.alerts as Raw[]).filter((r) => !isDlp(r) && !cloud.includes(r));
const alerts: Alert[] = raws.map((r) => mapGraphAlert(r));
const demos: Raw[] = Array.from({ length: 50 }, (_, i) => makeDemoAlert(i, NOW, tenant) as Raw);

const evidenceTypes = (raw: Raw): string[] => (raw.evidence as Raw[]).map((e) => e['@odata.type'] as string);
const countBy = <T>(items: T[], key: (t: T) => string) =>
  items.reduce<Record<string, number>>((acc, t) => ({ ...acc, [key(t)]: (acc[key(t)] ?? 0) + 1 }), {});

/** Shape checks every alert (seeded or generated) must pass. */
function assertWellFormed(raw: Raw, now: Date): void {
  const label = String(raw.id);
  assert.ok(graphAlertSchema.safeParse(raw).success, `${label} parses`);
  const a = mapGraphAlert(raw);
  assert.match(a.id, /^dl[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, label);
  assert.equal(raw['@odata.type'], '#microsoft.graph.security.alert');
  assert.equal(raw.providerAlertId, a.id.slice(2));
  assert.equal(raw.serviceSource, 'dataLossPrevention');
  assert.equal(raw.detectionSource, 'microsoftDataLossPrevention');
  assert.equal(raw.alertWebUrl, a.portalUrl);
  assert.equal(a.portalUrl, `https://security.microsoft.com/alerts/${a.id}?tid=${raw.tenantId}`);
  assert.equal(raw.incidentWebUrl, `https://security.microsoft.com/incidents/${raw.incidentId}?tid=${raw.tenantId}`);
  for (const k of ['createdDateTime', 'lastUpdateDateTime', 'firstActivityDateTime'])
    assert.match(raw[k], GRAPH_TIME, `${label} ${k}`);
  assert.ok(Date.parse(raw.lastUpdateDateTime) >= Date.parse(raw.createdDateTime), `${label} updated after created`);
  assert.ok(Date.parse(raw.lastUpdateDateTime) <= now.getTime(), `${label} updated before now`);
  assert.ok(
    Date.parse(raw.firstActivityDateTime) <= Date.parse(raw.createdDateTime),
    `${label} activity before created`,
  );
  for (const c of a.comments) {
    assert.ok(
      Date.parse(c.createdAt) >= Date.parse(a.createdAt) && Date.parse(c.createdAt) <= Date.parse(a.lastUpdatedAt),
      label,
    );
  }
  assert.ok(a.policyName && a.ruleName, `${label} policy and rule`);
  assert.ok(
    a.title.includes(a.policyName) && a.description?.includes(a.ruleName),
    `${label} title/description name policy/rule`,
  );
  assert.notEqual(a.workload, 'Other');
  assert.ok(a.sensitiveInfoTypes.length > 0 && a.sensitiveInfoTypes.every((s) => s.count > 0), label);
  for (const s of raw.additionalData.sensitiveInformationTypes as Raw[]) {
    assert.deepEqual(
      Object.keys(s).sort(),
      ['confidence', 'confidenceLevel', 'count', 'id', 'name'],
      'SITs carry no matched values',
    );
  }
  for (const k of [
    'dlpPolicyName',
    'dlpPolicyId',
    'dlpRuleName',
    'dlpRuleId',
    'workload',
    'operation',
    'actionsTaken',
    'userOverride',
  ]) {
    assert.ok(k in raw.additionalData, `${label} additionalData.${k}`);
  }
  assert.ok('overrideJustification' in raw.additionalData);

  const types = evidenceTypes(raw);
  const user = (raw.evidence as Raw[]).find((e) => e['@odata.type'] === EVIDENCE('userEvidence'));
  assert.ok(user, `${label} has user evidence`);
  assert.deepEqual(user.roles, ['policyViolator']);
  for (const k of ['azureAdUserId', 'userPrincipalName', 'displayName', 'accountName', 'domainName'])
    assert.ok(user.userAccount[k], k);
  assert.equal(a.subject?.id, user.userAccount.azureAdUserId);
  const w = a.workload;
  if (w === 'SharePoint' || w === 'OneDrive' || w === 'Endpoint')
    assert.ok(types.includes(EVIDENCE('fileEvidence')), `${label} file`);
  if (w === 'SharePoint' || w === 'OneDrive') {
    for (const k of ['siteUrl', 'fileUrl', 'sharedWith', 'sharingScope', 'fileOwner'])
      assert.ok(k in raw.additionalData, `${label} ${k}`);
  }
  if (w === 'SharePoint' || w === 'Exchange')
    assert.ok(types.includes(EVIDENCE('cloudApplicationEvidence')), `${label} app`);
  if (w === 'Exchange') {
    assert.ok(
      types.includes(EVIDENCE('mailboxEvidence')) && types.includes(EVIDENCE('analyzedMessageEvidence')),
      label,
    );
    assert.ok(raw.additionalData.emailSubject && raw.additionalData.recipients.length > 0);
    assert.ok(
      a.message?.subject && a.message.sender && !a.message.recipients[0]?.endsWith('@contoso.example'),
      `${label} external`,
    );
  }
  if (w === 'Endpoint') {
    const d = (raw.evidence as Raw[]).find((e) => e['@odata.type'] === EVIDENCE('deviceEvidence'));
    assert.ok(d && d.deviceDnsName && d.azureAdDeviceId && d.osPlatform, `${label} device`);
    assert.match(d.mdeDeviceId, /^[0-9a-f]{40}$/);
    assert.equal(raw.additionalData.deviceName, d.deviceDnsName);
    assert.equal(a.device?.mdeDeviceId, d.mdeDeviceId);
  }
  if (a.file) assert.ok(types.includes(EVIDENCE('fileEvidence')));
}

describe('local seed tenant', () => {
  it('passes the tenant file schema and validates every alert', () => {
    const parsed = localTenantSchema.parse(JSON.parse(JSON.stringify(tenant)));
    validateLocalAlerts(parsed);
    assert.equal(parsed.schemaVersion, 1);
    assert.equal(parsed.tenantId, LOCAL_TENANT_ID);
    assert.equal(LOCAL_TENANT_ID, '11111111-2222-4333-8444-555555555555');
  });

  it('is deterministic for a given now', () => {
    assert.deepEqual(buildSeedTenant(new Date(NOW)), tenant);
    assert.deepEqual(makeDemoAlert(7, new Date(NOW), tenant), makeDemoAlert(7, NOW, tenant));
    assert.deepEqual(makeDemoRecords(7, new Date(NOW), tenant), makeDemoRecords(7, NOW, tenant));
  });

  it('seeds at least 34 well-formed alerts with unique ids, all in the tenant', () => {
    assert.ok(raws.length >= 34, `${raws.length} alerts`);
    for (const raw of raws) {
      assertWellFormed(raw, NOW);
      assert.equal(raw.tenantId, LOCAL_TENANT_ID);
    }
    assert.equal(new Set(raws.map((r) => r.id)).size, raws.length);
    const created = raws.map((r) => Date.parse(r.createdDateTime));
    assert.ok(Math.min(...created) >= NOW.getTime() - 11 * 86_400_000, 'within ~10 days');
    assert.ok(Math.max(...created) - Math.min(...created) > 7 * 86_400_000, 'spread over days');
  });

  it('carries the triage facts for every alert, seeded or generated: policy action, department, SITs, destination', () => {
    for (const raw of [...raws, ...demos]) {
      const a = mapGraphAlert(raw);
      const label = `${a.id} (${a.workload})`;
      assert.deepEqual(a.notProvided ?? [], [], `${label} provides every fact`);
      assert.ok(a.policyOutcome, `${label} policy action`);
      assert.ok(a.subject?.department, `${label} department`);
      assert.ok(a.sensitiveInfoTypes.length > 0, label);
      for (const t of a.sensitiveInfoTypes) assert.match(t.confidence ?? '', /^(high|medium|low)$/, label);
      const d = a.destination;
      assert.ok(d && (d.recipients.length > 0 || d.target || d.scope === 'anonymous'), `${label} destination`);
      if (a.policyOutcome.overridden) assert.ok(a.policyOutcome.justification, `${label} justification`);
    }
  });

  it('varies the triage facts: every policy action, overrides with their justification, every kind of destination', () => {
    const actions = countBy(alerts, (a) => a.policyOutcome?.action ?? 'none');
    for (const action of ['blocked', 'blockedWithOverride', 'warned', 'auditOnly'])
      assert.ok((actions[action] ?? 0) >= 2, `${action}: ${JSON.stringify(actions)}`);
    assert.ok(alerts.filter((a) => a.policyOutcome?.overridden && a.policyOutcome.justification).length >= 2);
    const scopes = countBy(alerts, (a) => a.destination?.scope ?? 'none');
    assert.ok(scopes.anonymous && scopes.external, JSON.stringify(scopes));
    const targets = new Set(alerts.map((a) => a.destination?.target?.kind).filter(Boolean));
    assert.deepEqual([...targets].sort(), ['cloudService', 'printer', 'removableMedia']);
    const confidences = new Set(alerts.flatMap((a) => a.sensitiveInfoTypes.map((t) => t.confidence)));
    assert.deepEqual([...confidences].sort(), ['high', 'low', 'medium']);
    const departments = new Set(alerts.map((a) => a.subject?.department));
    assert.ok(departments.size >= 6, [...departments].join(', '));
  });

  it('covers every workload, severity and status', () => {
    const workloads = countBy(alerts, (a) => a.workload);
    for (const w of ['SharePoint', 'OneDrive', 'Exchange', 'Teams', 'Endpoint'])
      assert.ok((workloads[w] ?? 0) >= 3, `${w}: ${workloads[w]}`);
    const severities = countBy(alerts, (a) => a.severity);
    for (const s of SEVERITIES) assert.ok(severities[s], `severity ${s}`);
    const statuses = countBy(alerts, (a) => a.status);
    for (const s of STATUSES) assert.ok(statuses[s], `status ${s}`);
  });

  it('classifies resolved alerts with SDK determination values and leaves open ones unknown', () => {
    const allowed: Record<string, string[]> = {
      truePositive: ['maliciousUserActivity', 'compromisedAccount', 'other'],
      falsePositive: ['notMalicious', 'notEnoughDataToValidate'],
      informationalExpectedActivity: ['confirmedActivity', 'lineOfBusinessApplication'],
    };
    const seen = new Set<string>();
    for (const a of alerts) {
      if (a.status === 'resolved') {
        assert.ok(
          allowed[a.classification]?.includes(a.determination),
          `${a.id}: ${a.classification}/${a.determination}`,
        );
        assert.ok(a.resolvedAt && a.assignedTo, a.id);
        seen.add(a.classification);
      } else {
        assert.equal(a.resolvedAt, undefined);
        assert.equal(a.classification, 'unknown');
        assert.equal(a.determination, 'unknown');
      }
    }
    for (const c of CLASSIFICATIONS) assert.ok(seen.has(c), `classification ${c}`);
    assert.ok(alerts.some((a) => a.comments.length >= 2) && alerts.some((a) => a.comments.length === 1));
    assert.ok(alerts.some((a) => a.assignedTo) && alerts.some((a) => !a.assignedTo));
    const personaUpns = new Set<string>(PERSONAS.map((p) => p.userPrincipalName));
    for (const a of alerts) if (a.assignedTo) assert.ok(personaUpns.has(a.assignedTo), a.assignedTo);
  });

  it('carries every evidence type where expected', () => {
    const all = raws.flatMap(evidenceTypes);
    for (const t of [
      'userEvidence',
      'fileEvidence',
      'mailboxEvidence',
      'analyzedMessageEvidence',
      'deviceEvidence',
      'cloudApplicationEvidence',
    ]) {
      assert.ok(all.includes(EVIDENCE(t)), t);
    }
    assert.ok(
      alerts.some((a) => a.workload === 'Teams' && a.file),
      'a Teams file alert',
    );
    assert.ok(
      alerts.some((a) => a.workload === 'Teams' && !a.file),
      'a Teams message alert',
    );
  });

  it('has the personas with exact ids, groups with nesting, and employees in directory', () => {
    const users = new Map(tenant.directory.users.map((u) => [u.id, u]));
    const expected = [
      ['1', 'Avery Admin'],
      ['2', 'Sam Analyst'],
      ['3', 'Emma Analyst'],
      ['4', 'Rui Responder'],
      ['5', 'Vic Viewer'],
      ['6', 'Mia Manager'],
      ['7', 'Olu Outsider'],
    ];
    assert.equal(PERSONAS.length, expected.length);
    for (const [n, name] of expected) {
      const id = `a0000000-0000-4000-8000-00000000000${n}`;
      assert.equal(users.get(id)?.displayName, name);
      assert.equal(PERSONAS.find((p) => p.id === id)?.displayName, name);
    }
    assert.equal(users.get('a0000000-0000-4000-8000-000000000001')?.userPrincipalName, 'avery.admin@contoso.example');
    assert.ok(tenant.directory.users.every((u) => u.accountEnabled));
    assert.ok(tenant.directory.users.filter((u) => u.id.startsWith('b0000000-')).length >= 14);

    const group = (name: string) => tenant.directory.groups.find((g) => g.displayName === name);
    const tier2 = group('SOC Tier 2');
    assert.ok(tier2?.members.includes('a0000000-0000-4000-8000-000000000004'));
    assert.ok(tier2 && group('SOC Analysts')?.members.includes(tier2.id), 'nested group');
    assert.ok(group('DLP Admins')?.members.includes('a0000000-0000-4000-8000-000000000001'));
    for (const g of tenant.directory.groups) {
      assert.ok(g.id.startsWith('c0000000-'));
      for (const m of g.members) assert.ok(users.has(m) || tenant.directory.groups.some((x) => x.id === m), m);
    }
  });

  it('spreads alert subjects across the EMEA, Americas and APAC units and outside them', () => {
    const aus = tenant.directory.administrativeUnits;
    const inAnyAu = new Set(aus.flatMap((au) => au.members));
    for (const name of ['EMEA', 'Americas', 'APAC']) {
      const au = aus.find((x) => x.displayName === name);
      assert.ok(au && au.id.startsWith('d0000000-') && au.members.length > 0, name);
      const n = alerts.filter((a) => a.subject?.id && au.members.includes(a.subject.id)).length;
      assert.ok(n >= 5, `${name}: ${n} alerts`);
    }
    const employees = tenant.directory.users.filter((u) => u.id.startsWith('b0000000-'));
    assert.ok(employees.filter((u) => !inAnyAu.has(u.id)).length >= 2, 'employees in no AU');
    assert.ok(alerts.filter((a) => a.subject?.id && !inAnyAu.has(a.subject.id)).length >= 3, 'alerts outside every AU');
    const userIds = new Set(tenant.directory.users.map((u) => u.id));
    for (const a of alerts)
      assert.ok(a.subject?.id && userIds.has(a.subject.id), `${a.id} subject is a directory user`);
  });

  it('keeps its invariants for other values of now', () => {
    for (const now of [
      new Date('2025-12-31T23:59:59.999Z'),
      new Date('2026-07-01T00:00:00.456Z'),
      new Date(1_800_000_000_123),
    ]) {
      const other = buildSeedTenant(now);
      for (const raw of (other.alerts as Raw[]).filter(isDlp)) assertWellFormed(raw, now);
      assert.ok(
        other.activity!.every((r) => Date.parse(r.Timestamp) < now.getTime()),
        'no activity after now',
      );
      assert.ok(other.incidents!.every((i) => Date.parse(i.lastUpdateDateTime) <= now.getTime()));
      for (let i = 0; i < 10; i++) {
        const demo = makeDemoAlert(i, now, other) as Raw;
        assertWellFormed(demo, now);
        assert.equal(Date.parse(demo.createdDateTime), now.getTime());
      }
    }
  });

  it('maps a SharePoint alert to the domain with policy, rule, file, subject and SIT counts', () => {
    const a = alerts.find((x) => x.workload === 'SharePoint' && x.file?.name === 'Q1-card-reconciliation.xlsx');
    assert.ok(a);
    assert.equal(a.policyName, 'Contoso PCI - External Sharing');
    assert.equal(a.ruleName, 'Credit card numbers shared externally (high volume)');
    assert.equal(
      a.file?.url,
      'https://contoso.sharepoint.com/sites/Finance/Shared Documents/Reports/Q1-card-reconciliation.xlsx',
    );
    assert.equal(a.subject?.id, 'b0000000-0000-4000-8000-000000000001');
    assert.equal(a.subject?.userPrincipalName, 'lena.fischer@contoso.example');
    assert.deepEqual(a.sensitiveInfoTypes, [{ name: 'Credit Card Number', count: 27, confidence: 'high' }]);
    assert.deepEqual(a.message, undefined);
    assert.ok(a.tenantId === LOCAL_TENANT_ID && a.portalUrl?.includes(`?tid=${LOCAL_TENANT_ID}`));
  });
});

const HOUR = 3_600_000;
const employee = (key: string) => EMPLOYEES.find((e) => e.key === key)!.user;

describe('local seed: incidents and the correlated alert', () => {
  const incidents = tenant.incidents!;
  const all = tenant.alerts as Raw[];
  const membersOf = (id: string) => all.filter((a) => a.incidentId === id);

  it('keeps 38 DLP alerts and adds exactly one correlated alert of another product, a Defender for Endpoint device alert', () => {
    assert.equal(raws.length, 38);
    assert.equal(others.length, 1);
    const [mde] = others as [Raw];
    assert.equal(mde.serviceSource, 'microsoftDefenderForEndpoint');
    assert.match(mde.id, /^da\d{18}_-\d+$/);
    assert.ok(graphAlertSchema.safeParse(mde).success);
    assert.equal(new Set(all.map((a) => a.id)).size, all.length, 'unique ids');
    const a = mapGraphAlert(mde);
    assert.deepEqual(
      a.evidence?.map((e) => e.kind),
      ['user', 'device', 'file', 'other'],
    );
    const dlpOfSameIncident = membersOf(mde.incidentId)
      .filter(isDlp)
      .map((r) => mapGraphAlert(r));
    assert.ok(dlpOfSameIncident.length >= 2, 'an incident with several DLP alerts');
    for (const d of dlpOfSameIncident) assert.equal(d.subject?.id, a.subject?.id, 'same user');
    const endpoint = dlpOfSameIncident.find((d) => d.device)!;
    assert.deepEqual(a.device, endpoint.device, 'same device as the Endpoint DLP alert');
    assert.equal(a.file?.name, endpoint.file?.name);
    assert.ok(Date.parse(mde.createdDateTime) > Date.parse(endpoint.createdAt), 'raised after the DLP alert');
    assert.ok(Date.parse(mde.lastUpdateDateTime) <= NOW.getTime());
  });

  it('every alert names an incident of the table, with its link; every incident holds an alert', () => {
    const ids = new Set(incidents.map((i) => i.id));
    assert.equal(ids.size, incidents.length);
    for (const a of all) {
      assert.ok(ids.has(a.incidentId), `${a.id} is in a listed incident`);
      assert.equal(a.incidentWebUrl, `https://security.microsoft.com/incidents/${a.incidentId}?tid=${LOCAL_TENANT_ID}`);
      assert.equal(mapGraphAlert(a).incidentUrl, a.incidentWebUrl);
    }
    for (const i of incidents) {
      const members = membersOf(i.id);
      assert.ok(members.length > 0, i.id);
      assert.equal(i.incidentWebUrl, members[0]!.incidentWebUrl);
      assert.ok(['active', 'inProgress', 'resolved'].includes(i.status), i.status);
      assert.ok(SEVERITIES.includes(i.severity as never), i.severity);
      assert.equal(i.createdDateTime, members.map((m) => m.createdDateTime).sort()[0]);
      assert.equal(
        i.lastUpdateDateTime,
        members
          .map((m) => m.lastUpdateDateTime)
          .sort()
          .at(-1),
      );
      if (members.length === 1) assert.equal(i.displayName, members[0]!.title);
      if (members.every((m) => m.status === 'resolved')) assert.equal(i.status, 'resolved');
      if (members.some((m) => m.status === 'new')) assert.equal(i.status, 'active');
    }
  });

  it('groups several alerts of one user into a few incidents, each named for what it is', () => {
    const grouped = incidents.filter((i) => membersOf(i.id).length > 1);
    assert.ok(grouped.length >= 3, `${grouped.length} multi-alert incidents`);
    for (const i of grouped) {
      const users = new Set(membersOf(i.id).map((r) => mapGraphAlert(r).subject?.id));
      assert.equal(users.size, 1, `${i.displayName}: one user`);
      assert.ok(!membersOf(i.id).some((m) => m.title === i.displayName), 'named for the incident, not one alert');
    }
  });
});

describe("local seed: the users' activity", () => {
  const rows = tenant.activity!;
  const users = new Map(tenant.directory.users.map((u) => [u.id, u]));
  const mapped = (tenant.alerts as Raw[]).map((r) => [r, mapGraphAlert(r)] as const);
  const alertsOf = (userId: string) => mapped.filter(([, a]) => a.subject?.id === userId).map(([r]) => r);

  it("has a few hundred CloudAppEvents rows of the alerts' users, each within a few hours of one of their alerts", () => {
    assert.ok(rows.length >= 200 && rows.length <= 800, `${rows.length} rows`);
    for (const r of rows) {
      const user = users.get(r.AccountObjectId);
      assert.ok(user, `${r.AccountObjectId} is a directory user`);
      assert.equal(r.AccountDisplayName, user.displayName);
      assert.match(r.Timestamp, GRAPH_TIME);
      const t = Date.parse(r.Timestamp);
      assert.ok(t < NOW.getTime(), 'nothing in the future');
      const near = alertsOf(r.AccountObjectId).some((a) => Math.abs(Date.parse(a.createdDateTime) - t) <= 6 * HOUR);
      assert.ok(near, `${r.ActionType} at ${r.Timestamp} is near an alert of ${user.displayName}`);
      assert.ok(Array.isArray(r.UncommonForUser));
      assert.match(r.IPAddress ?? '', /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/, 'documentation addresses');
      assert.match(r.CountryCode ?? '', /^[A-Z]{2}$/);
    }
    const times = rows.map((r) => r.Timestamp);
    assert.deepEqual(times, [...times].sort(), 'ascending');
    for (const raw of raws) {
      const user = mapGraphAlert(raw).subject!.id!;
      assert.ok(
        rows.some((r) => r.AccountObjectId === user && r.ActionType === 'DlpRuleMatch'),
        `a DlpRuleMatch for ${raw.id}`,
      );
    }
  });

  it('uses the realistic action types and applications, and marks the unusual events', () => {
    const actions = new Set(rows.map((r) => r.ActionType));
    for (const a of [
      'UserLoggedIn',
      'FileAccessed',
      'FileDownloaded',
      'FileModified',
      'FileUploaded',
      'AnonymousLinkCreated',
      'SharingInvitationCreated',
      'CompanyLinkCreated',
      'Send',
      'MessageSent',
      'FileCopiedToRemovableMedia',
      'FileUploadedToCloud',
      'FileSyncDownloadedFull',
      'SensitivityLabelRemoved',
      'SensitivityLabelDowngraded',
      'DlpRuleMatch',
    ])
      assert.ok(actions.has(a), a);
    const apps = new Set(rows.map((r) => r.Application));
    for (const app of [
      'Microsoft SharePoint Online',
      'Microsoft OneDrive for Business',
      'Microsoft Exchange Online',
      'Microsoft Teams',
      'Microsoft Defender for Endpoint',
    ])
      assert.ok(apps.has(app), app);
    const uncommon = rows.filter((r) => r.UncommonForUser.length > 0);
    assert.ok(uncommon.length >= 5 && uncommon.length < rows.length / 4, `${uncommon.length} unusual rows`);
  });

  it('has suspicious patterns: a bulk download, and an anonymous link and external mail from an unusual country', () => {
    const burst = [...users.keys()].some((id) => {
      const downloads = rows
        .filter((r) => r.AccountObjectId === id && r.ActionType === 'FileDownloaded')
        .map((r) => Date.parse(r.Timestamp));
      return downloads.some((t) => downloads.filter((u) => u >= t && u - t <= 30 * 60_000).length >= 20);
    });
    assert.ok(burst, 'twenty downloads within half an hour');
    const abroad = rows.filter(
      (r) => r.UncommonForUser.includes('CountryCode') && ['AnonymousLinkCreated', 'Send'].includes(r.ActionType),
    );
    assert.ok(
      abroad.some((r) => r.ActionType === 'AnonymousLinkCreated') && abroad.some((r) => r.ActionType === 'Send'),
    );
    const home = rows.find((r) => r.AccountObjectId === abroad[0]!.AccountObjectId && r.UncommonForUser.length === 0);
    assert.notEqual(home?.CountryCode, abroad[0]!.CountryCode, 'the usual country differs');
  });

  it('has a user whose earlier alerts were closed as false positives, older than her other alerts', () => {
    const user = employee(EARLIER_FALSE_POSITIVES_USER);
    const mine = alertsOf(user.id)
      .filter(isDlp)
      .map((r) => mapGraphAlert(r));
    const fps = mine.filter((a) => a.classification === 'falsePositive');
    const rest = mine.filter((a) => a.classification !== 'falsePositive');
    assert.ok(fps.length >= 2 && rest.length >= 1, `${fps.length} false positives of ${mine.length}`);
    const newestFp = Math.max(...fps.map((a) => Date.parse(a.createdAt)));
    assert.ok(
      rest.every((a) => Date.parse(a.createdAt) > newestFp),
      'the false positives came first',
    );
    assert.ok(rows.some((r) => r.AccountObjectId === user.id));
  });

  it('a tenant file written before activity and incidents were seeded still loads', () => {
    const { activity: _a, incidents: _i, ...older } = JSON.parse(JSON.stringify(tenant));
    const parsed = localTenantSchema.parse(older);
    assert.equal(parsed.activity, undefined);
    assert.equal(parsed.incidents, undefined);
    assert.equal(parsed.alerts.length, tenant.alerts.length);
  });

  it('a broken activity row is named by its index', () => {
    const broken = JSON.parse(JSON.stringify(tenant));
    broken.activity[3].Timestamp = 'yesterday';
    const result = localTenantSchema.safeParse(broken);
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues[0]?.path, ['activity', 3, 'Timestamp']);
  });
});

describe('demo alert generator', () => {
  it('generates 50 well-formed new, unassigned alerts stamped now', () => {
    for (const raw of demos) {
      assertWellFormed(raw, NOW);
      const a = mapGraphAlert(raw);
      assert.equal(a.status, 'new');
      assert.equal(a.classification, 'unknown');
      assert.equal(a.determination, 'unknown');
      assert.equal(a.assignedTo, undefined);
      assert.equal(raw.assignedTo, null);
      assert.equal(raw.createdDateTime, '2026-03-10T12:00:00.0000000Z');
      assert.equal(raw.lastUpdateDateTime, raw.createdDateTime);
      assert.equal(raw.tenantId, tenant.tenantId);
    }
    const mapped = demos.map((r) => mapGraphAlert(r));
    const workloads = new Set(mapped.map((a) => a.workload));
    assert.equal(workloads.size, 5);
    assert.equal(new Set(mapped.map((a) => a.severity)).size, SEVERITIES.length);
    assert.ok(new Set(mapped.map((a) => a.policyName)).size >= 6);
    assert.ok(new Set(mapped.map((a) => a.subject?.id)).size >= 10);
    const personaIds = new Set<string>(PERSONAS.map((p) => p.id));
    assert.ok(
      mapped.every((a) => a.subject?.id && !personaIds.has(a.subject.id)),
      'subjects are employees',
    );
  });

  it('never repeats an id across sequences, restarts, or the seed', () => {
    const later = Array.from({ length: 50 }, (_, i) => makeDemoAlert(i, new Date(NOW.getTime() + 1), tenant) as Raw);
    const ids = [...demos, ...later, ...(tenant.alerts as Raw[])].map((r) => r.id as string);
    assert.equal(new Set(ids).size, ids.length);
  });
});
