import { strict as assert } from 'node:assert';
import path from 'node:path';
import type { Activity, AdaptiveCardInvokeValue } from 'botbuilder';
import { AlertViews } from '../../../../bot/alert-views.js';
import { InvokeRouter } from '../../../../bot/invoke-router.js';
import { Registry } from '../../../../bot/registry/registry.js';
import { viewVerbs } from '../../../../bot/features/view-verbs.js';
import { alertVerbRegistry } from '../../../support/verb-registry.js';
import { FileAuditLog, type AuditEntry } from '../../../../src/state/file/file-audit-log.js';
import { AlertDelivery } from '../../../../src/delivery/alert-delivery.js';
import { createLogger } from '../../../../src/logger.js';
import { CachedDirectory } from '../../../../src/backends/cached-directory.js';
import { buildLocalAccessPolicy } from '../../../../src/backends/local/local-access-policy.js';
import { LocalDirectory } from '../../../../src/backends/local/local-directory.js';
import { PERSONAS, buildSeedTenant, groupId, type Persona } from '../../../../src/backends/local/local-seed.js';
import type { LocalTenant } from '../../../../src/backends/local/local-tenant-schema.js';
import { LowdbAlertStore } from '../../../../src/backends/local/lowdb-alert-store.js';
import type { AccessPolicy } from '../../../../src/triage/access/access-policy.js';
import { AccessService } from '../../../../src/triage/access/access-service.js';
import type { Permission } from '../../../../src/triage/access/permissions.js';
import type { Alert } from '../../../../src/triage/alert.js';
import type { AdministrativeUnit, Clock, Directory, DirectoryUser } from '../../../../src/triage/ports.js';
import { TriageError } from '../../../../src/triage/triage-error.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';
import { FileDeliveryState } from '../../../support/file-delivery-state.js';
import { MemoryInvokeAnswerCache } from '../../../../src/state/memory/memory-invoke-answer-cache.js';
import { demoPolicy as demoPolicyOf, policyFrom, who } from '../../../support/demo-access.js';
import { SeedAlerts } from '../../../support/seed-tenant.js';
import { refusal } from '../../../support/triage-errors.js';
import { readJsonLines } from '../../../support/files.js';
import { ANALYST, ROLE_PERMISSIONS } from '../../../support/role-permissions.js';
import { TurnLanguage } from '../../../../bot/turn-language.js';
import { Messages } from '../../../../src/i18n/messages.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const clock: Clock = { now: () => NOW };
const [avery, sam, emma, rui, vic, mia, olu] = PERSONAS;

const seed = new SeedAlerts(NOW);
const seedTenant = seed.tenant;
/** The AU names of an alert's subject, read from the tenant data (not through the code under test). */
const regionOf = (a: Alert) => seed.unitsOf(a);
const demoPolicy = demoPolicyOf();

const emeaAlert = seed.in('EMEA');
const apacAlert = seed.in('APAC');
const noAuAlert = seed.in(null);
const unresolvedAlert: Alert = { ...emeaAlert, id: `${emeaAlert.id}-nosubject`, subject: undefined };

// The permission sets per role (issue text; test/support/role-permissions.ts) state the expected views independently.
const RESPONDER = ROLE_PERMISSIONS.responder;
const AVERY_ALL: Permission[] = [...RESPONDER, 'alert.viewContent', 'channel.manage', 'alert.remediate.undoAny']; // admin + responder + contentViewer
const NONE: Permission[] = [];

const sorted = (s: Iterable<string>): string[] => [...new Set(s)].sort();

/** A Directory that counts the calls reaching it and can be told to fail. */
class CountingDirectory implements Directory {
  readonly calls = { groupsOf: 0, administrativeUnitsOf: 0, getUser: 0, listAdministrativeUnits: 0 };
  failures = 0;

  constructor(private readonly inner: Directory) {}

  private async pass<T>(method: keyof CountingDirectory['calls'], fn: () => Promise<T>): Promise<T> {
    this.calls[method]++;
    if (this.failures > 0) {
      this.failures--;
      throw new Error('directory timed out');
    }
    return fn();
  }

  groupsOf(userId: string): Promise<string[]> {
    return this.pass('groupsOf', () => this.inner.groupsOf(userId));
  }
  administrativeUnitsOf(userId: string): Promise<AdministrativeUnit[]> {
    return this.pass('administrativeUnitsOf', () => this.inner.administrativeUnitsOf(userId));
  }
  getUser(idOrUpn: string): Promise<DirectoryUser | undefined> {
    return this.pass('getUser', () => this.inner.getUser(idOrUpn));
  }
  listAdministrativeUnits(): Promise<AdministrativeUnit[]> {
    return this.pass('listAdministrativeUnits', () => this.inner.listAdministrativeUnits());
  }
}

/** A directory that does not answer (one method or all). */
class BrokenDirectory implements Directory {
  constructor(
    private readonly inner: Directory,
    private readonly broken: 'all' | 'administrativeUnitsOf',
  ) {}
  groupsOf(userId: string): Promise<string[]> {
    return this.broken === 'all'
      ? Promise.reject(new Error('getaddrinfo ENOTFOUND graph.microsoft.com'))
      : this.inner.groupsOf(userId);
  }
  administrativeUnitsOf(_userId: string): Promise<AdministrativeUnit[]> {
    return Promise.reject(new Error('503 Service Unavailable'));
  }
  getUser(_idOrUpn: string): Promise<DirectoryUser | undefined> {
    return Promise.reject(new Error('503 Service Unavailable'));
  }
  listAdministrativeUnits(): Promise<AdministrativeUnit[]> {
    return Promise.reject(new Error('503 Service Unavailable'));
  }
}

async function readAudit(file: string): Promise<AuditEntry[]> {
  // The hash chain's link is not part of what was recorded.
  return (await readJsonLines<AuditEntry & { prev: string }>(file)).map(({ prev: _prev, ...entry }) => entry);
}

describe('AccessService (real LocalDirectory over the seed, real policy, real audit log)', () => {
  const tmp = useTempDir('access-service-');
  let audit: FileAuditLog;

  beforeEach(async () => {
    audit = await FileAuditLog.open(tmp.path, clock);
  });

  const serviceOver = (directory: Directory, policy: AccessPolicy = demoPolicy) =>
    new AccessService(directory, () => policy, audit);
  const service = (tenant: LocalTenant = seedTenant, policy: AccessPolicy = demoPolicy) =>
    serviceOver(new LocalDirectory(() => tenant), policy);

  it('the chosen alerts are what their names say (EMEA, APAC, subject in no AU, no subject)', () => {
    assert.deepEqual(regionOf(emeaAlert), ['EMEA']);
    assert.deepEqual(regionOf(apacAlert), ['APAC']);
    assert.deepEqual(regionOf(noAuAlert), []);
    assert.equal(unresolvedAlert.subject, undefined);
  });

  describe('permissionsOn: every persona × EMEA / APAC / no-AU / unresolved alert', () => {
    const table: [Persona, string, Record<'emea' | 'apac' | 'noAu' | 'unresolved', Permission[]>][] = [
      [
        avery,
        'admin + responder + contentViewer, unrestricted, via DLP Admins',
        { emea: AVERY_ALL, apac: AVERY_ALL, noAu: AVERY_ALL, unresolved: AVERY_ALL },
      ],
      [sam, 'analyst, unrestricted', { emea: ANALYST, apac: ANALYST, noAu: ANALYST, unresolved: ANALYST }],
      [emma, 'analyst, AU EMEA only', { emea: ANALYST, apac: NONE, noAu: NONE, unresolved: NONE }],
      [
        rui,
        'responder, unrestricted, via SOC Tier 2',
        { emea: RESPONDER, apac: RESPONDER, noAu: RESPONDER, unresolved: RESPONDER },
      ],
      [
        vic,
        'viewer, unrestricted, via DLP Viewers',
        { emea: ['alert.view'], apac: ['alert.view'], noAu: ['alert.view'], unresolved: ['alert.view'] },
      ],
      [
        mia,
        'manager, AU EMEA, via Compliance Managers',
        { emea: ['alert.view', 'digest.receive'], apac: NONE, noAu: NONE, unresolved: NONE },
      ],
      [olu, 'no grant', { emea: NONE, apac: NONE, noAu: NONE, unresolved: NONE }],
    ];
    for (const [persona, description, want] of table) {
      it(`${persona.displayName} (${description})`, async () => {
        const access = service();
        assert.deepEqual(sorted(await access.permissionsOn(who(persona), emeaAlert)), sorted(want.emea), 'EMEA alert');
        assert.deepEqual(sorted(await access.permissionsOn(who(persona), apacAlert)), sorted(want.apac), 'APAC alert');
        assert.deepEqual(
          sorted(await access.permissionsOn(who(persona), noAuAlert)),
          sorted(want.noAu),
          'alert whose subject is in no AU',
        );
        assert.deepEqual(
          sorted(await access.permissionsOn(who(persona), unresolvedAlert)),
          sorted(want.unresolved),
          'alert without a subject',
        );
      });
    }
  });

  it('an unknown user has no grants and no permission on any alert', async () => {
    const access = service();
    const stranger = { id: 'f0000000-0000-4000-8000-0000000000ff', name: 'Stranger' };
    assert.deepEqual(await access.grantsOf(stranger.id), []);
    for (const a of [emeaAlert, apacAlert, noAuAlert, unresolvedAlert])
      assert.deepEqual(sorted(await access.permissionsOn(stranger, a)), []);
    assert.equal(await access.holdsAnywhere(stranger, 'alert.view'), false);
  });

  it('a user in no group still gets their direct grants', async () => {
    const tenant = structuredClone(seedTenant);
    tenant.directory.groups.forEach((g) => (g.members = g.members.filter((m) => m !== sam.id)));
    const directory = new LocalDirectory(() => tenant);
    assert.deepEqual(await directory.groupsOf(sam.id), [], 'Sam is in no group now');
    const access = serviceOver(directory);
    assert.deepEqual(sorted(await access.permissionsOn(who(sam), apacAlert)), sorted(ANALYST));
    assert.deepEqual(
      (await access.grantsOf(sam.id)).map((g) => g.principal),
      [{ kind: 'user', id: sam.id }],
    );
  });

  describe('nested groups', () => {
    it('Rui gets the SOC Tier 2 grant, and is a transitive member of SOC Analysts', async () => {
      const directory = new LocalDirectory(() => seedTenant);
      const groups = await directory.groupsOf(rui.id);
      assert.ok(groups.includes(groupId(3)), 'SOC Tier 2 (direct)');
      assert.ok(groups.includes(groupId(2)), 'SOC Analysts (through SOC Tier 2)');
      const grants = await service().grantsOf(rui.id);
      assert.deepEqual(
        grants.map((g) => [g.principal, g.roles, g.scope]),
        [[{ kind: 'group', id: groupId(3) }, ['responder'], { kind: 'unrestricted' }]],
      );
    });

    it('a grant on the outer group (SOC Analysts) reaches Rui through SOC Tier 2', async () => {
      const policy = policyFrom({
        grants: [{ name: 'SOC Analysts', group: groupId(2), roles: ['contentViewer'], scope: 'unrestricted' }],
      });
      const access = service(seedTenant, policy);
      assert.deepEqual(
        sorted(await access.permissionsOn(who(rui), apacAlert)),
        sorted(['alert.view', 'alert.details', 'alert.viewContent']),
      );
      assert.deepEqual(sorted(await access.permissionsOn(who(vic), apacAlert)), [], 'Vic is not in SOC Analysts');
    });

    it('three levels deep, and a membership cycle ends the walk', async () => {
      const tenant = structuredClone(seedTenant);
      const outer = 'c0000000-0000-4000-8000-0000000000aa';
      tenant.directory.groups.push({ id: outer, displayName: 'Security (all)', members: [groupId(2)] });
      // Tier 2 ⊂ Analysts ⊂ Security ⊂ Tier 2
      tenant.directory.groups.find((g) => g.id === groupId(3))!.members.push(outer);
      const policy = policyFrom({
        grants: [{ name: 'Security (all)', group: outer, roles: ['viewer'], scope: 'unrestricted' }],
      });
      const access = service(tenant, policy);
      assert.deepEqual(sorted(await access.permissionsOn(who(rui), noAuAlert)), ['alert.view']);
      assert.deepEqual(
        sorted(await new LocalDirectory(() => tenant).groupsOf(rui.id)),
        sorted([groupId(3), groupId(2), outer, groupId(6)]),
      );
    });
  });

  describe('authorize()', () => {
    /** The message the invoke router answers for an alert id that does not exist (real store, real views). */
    async function missingAlertMessage(access: AccessService): Promise<string> {
      const store = await LowdbAlertStore.open(path.join(tmp.path, 'local-tenant.json'), buildSeedTenant, clock);
      const files = new FileDeliveryState(tmp.path);
      const [outbox, cards, channels] = await Promise.all([files.outbox(), files.cards(), files.channels()]);
      try {
        const directory = new LocalDirectory(() => store.tenant());
        const registry = alertVerbRegistry();
        const views = new AlertViews(access, clock, registry);
        const verbs = new Registry();
        verbs.add(
          viewVerbs({ store, delivery: new AlertDelivery(outbox, cards, channels, directory, clock), access, views }),
        );
        const router = new InvokeRouter(
          verbs,
          new MemoryInvokeAnswerCache(),
          createLogger('silent'),
          new TurnLanguage(new Messages()),
        );
        const activity = {
          id: 'act-1',
          from: { id: '29:emma-analyst', name: emma.displayName, aadObjectId: emma.id },
          value: { trigger: 'manual' },
        } as unknown as Activity;
        const value = {
          action: { type: 'Action.Execute', verb: 'alert.details', data: { alertId: 'dl-this-alert-does-not-exist' } },
          trigger: 'manual',
        } as unknown as AdaptiveCardInvokeValue;
        const answer = await router.answer(activity, value);
        assert.equal(answer.type, 'application/vnd.microsoft.activity.message', JSON.stringify(answer));
        return answer.value as unknown as string;
      } finally {
        await files.close();
      }
    }

    it('Emma classifying an APAC alert: not-found, worded exactly like a missing alert, and audited', async () => {
      const access = service();
      const e = await refusal(() => access.authorize(who(emma), 'alert.classify', apacAlert));
      assert.equal(e.code, 'not-found');
      assert.equal(e.userMessage, await missingAlertMessage(access));
      await audit.flush();
      const entries = await readAudit(audit.file);
      assert.equal(entries.length, 1);
      const [entry] = entries;
      assert.deepEqual(entry?.actor, { id: emma.id, name: emma.displayName });
      assert.equal(entry?.action, 'alert.classify');
      assert.equal(entry?.alertId, apacAlert.id);
      assert.equal(entry?.outcome, 'denied');
      assert.equal(typeof entry?.reason, 'string');
      assert.ok(entry!.reason!.length > 0, 'a reason is recorded');
      assert.ok(!Number.isNaN(Date.parse(entry!.at)), 'timestamped');
    });

    it('refusals on alerts the user cannot see are not-found for every permission, also for subject-less alerts', async () => {
      const access = service();
      for (const [persona, alert] of [
        [emma, apacAlert],
        [emma, noAuAlert],
        [emma, unresolvedAlert],
        [mia, apacAlert],
        [olu, emeaAlert],
      ] as const) {
        for (const permission of ['alert.view', 'alert.details', 'alert.remediate.user'] as const) {
          const e = await refusal(() => access.authorize(who(persona), permission, alert));
          assert.equal(e.code, 'not-found', `${persona.displayName} ${permission} ${alert.id}`);
        }
      }
    });

    it('Vic classifying an EMEA alert: forbidden, naming the analyst role, and audited with that reason', async () => {
      const access = service();
      const e = await refusal(() => access.authorize(who(vic), 'alert.classify', emeaAlert));
      assert.equal(e.code, 'forbidden');
      assert.match(e.userMessage, /You need the analyst role/);
      assert.match(e.userMessage, /to classify/);
      await audit.flush();
      const entries = await readAudit(audit.file);
      assert.deepEqual(
        entries.map(({ at: _at, ...rest }) => rest),
        [
          {
            actor: { id: vic.id, name: vic.displayName },
            action: 'alert.classify',
            alertId: emeaAlert.id,
            outcome: 'denied',
            reason: e.userMessage,
          },
        ],
      );
    });

    it('out of scope (viewer everywhere, analyst only in EMEA): forbidden, naming the role and the AU', async () => {
      const policy = policyFrom({
        grants: [
          { name: 'Olu viewer', user: olu.id, roles: ['viewer'], scope: 'unrestricted' },
          { name: 'Olu analyst EMEA', user: olu.id, roles: ['analyst'], scope: { administrativeUnits: ['EMEA'] } },
        ],
      });
      const access = service(seedTenant, policy);
      await access.authorize(who(olu), 'alert.classify', emeaAlert); // allowed: no throw
      await access.authorize(who(olu), 'alert.view', apacAlert);
      const apac = await refusal(() => access.authorize(who(olu), 'alert.classify', apacAlert));
      assert.equal(apac.code, 'forbidden');
      assert.match(apac.userMessage, /analyst role/);
      assert.match(apac.userMessage, /\bAPAC\b/);
      const noAu = await refusal(() => access.authorize(who(olu), 'alert.setStatus', noAuAlert));
      assert.equal(noAu.code, 'forbidden');
      assert.match(noAu.userMessage, /analyst role/);
      assert.match(noAu.userMessage, /unrestricted scope/);
      await audit.flush();
      const entries = await readAudit(audit.file);
      assert.deepEqual(
        entries.map((x) => [x.action, x.alertId, x.outcome, x.reason]),
        [
          ['alert.classify', apacAlert.id, 'denied', apac.userMessage],
          ['alert.setStatus', noAuAlert.id, 'denied', noAu.userMessage],
        ],
      );
    });

    it('permissions that are not about one alert: channel.manage for admins only, audited without an alert id', async () => {
      const access = service();
      await access.authorize(who(avery), 'channel.manage');
      await access.authorize(who(mia), 'digest.receive');
      const e = await refusal(() => access.authorize(who(vic), 'channel.manage'));
      assert.equal(e.code, 'forbidden');
      assert.match(e.userMessage, /admin role/);
      await audit.flush();
      const entries = await readAudit(audit.file);
      assert.equal(entries.length, 1);
      assert.equal(entries[0]!.action, 'channel.manage');
      assert.equal(entries[0]!.alertId, undefined);
      assert.equal(entries[0]!.outcome, 'denied');
    });

    it('allowed requests are not audited as refusals', async () => {
      const access = service();
      await access.authorize(who(emma), 'alert.classify', emeaAlert);
      await access.authorize(who(rui), 'alert.remediate.device', apacAlert);
      await access.authorize(who(avery), 'alert.viewContent', noAuAlert);
      await access.authorize(who(vic), 'alert.view', unresolvedAlert);
      await audit.flush();
      assert.deepEqual(await readAudit(audit.file), []);
    });

    it('no refusal message or audit reason contains the alert title or the subject name / UPN', async () => {
      const policy = policyFrom({
        grants: [
          ...buildLocalAccessPolicy().grants,
          { name: 'Olu analyst EMEA', user: olu.id, roles: ['analyst'], scope: { administrativeUnits: ['EMEA'] } },
        ],
      });
      const access = service(seedTenant, policy);
      const messages: string[] = [];
      const alerts = [emeaAlert, apacAlert, noAuAlert];
      for (const persona of [emma, vic, mia, olu, sam]) {
        for (const alert of alerts) {
          for (const permission of [
            'alert.view',
            'alert.details',
            'alert.viewContent',
            'alert.classify',
            'alert.remediate.file',
          ] as const) {
            try {
              await access.authorize(who(persona), permission, alert);
            } catch (e) {
              assert.ok(e instanceof TriageError);
              messages.push(e.userMessage);
            }
          }
        }
      }
      assert.ok(messages.length >= 30, `enough refusals to check (${messages.length})`);
      await audit.flush();
      const reasons = (await readAudit(audit.file)).map((x) => x.reason ?? '');
      assert.equal(reasons.length, messages.length, 'every refusal was audited');
      for (const text of [...messages, ...reasons]) {
        for (const alert of alerts) {
          assert.ok(!text.includes(alert.title), `"${text}" names the title`);
          for (const secret of [alert.subject?.displayName, alert.subject?.userPrincipalName, alert.subject?.id]) {
            assert.ok(
              secret && !text.toLowerCase().includes(secret.toLowerCase()),
              `"${text}" names the subject (${secret})`,
            );
          }
        }
      }
    });

    it('a directory that does not answer: fails closed with unavailable, "cannot verify your access"', async () => {
      const directory = new LocalDirectory(() => seedTenant);
      for (const [broken, persona] of [
        ['all', sam],
        ['all', emma],
        ['administrativeUnitsOf', sam],
        ['administrativeUnitsOf', emma],
      ] as const) {
        const access = serviceOver(new BrokenDirectory(directory, broken));
        for (const call of [
          () => access.authorize(who(persona), 'alert.view', emeaAlert),
          () => access.authorize(who(persona), 'alert.classify', apacAlert),
          () => access.permissionsOn(who(persona), emeaAlert),
        ]) {
          const e = await refusal(call);
          assert.equal(e.code, 'unavailable', `${broken} broken, ${persona.displayName}`);
          assert.match(e.userMessage, /cannot verify your access/);
          assert.doesNotMatch(e.userMessage, /ENOTFOUND|503/, 'the backend error is not shown');
        }
      }
      // Group lookup failing matters even without an alert.
      const e = await refusal(() =>
        serviceOver(new BrokenDirectory(directory, 'all')).authorize(who(avery), 'channel.manage'),
      );
      assert.equal(e.code, 'unavailable');
    });
  });

  describe('CachedDirectory', () => {
    const TTL = 60_000;
    let t: number;
    const movable: Clock = { now: () => new Date(t) };
    beforeEach(() => {
      t = NOW.getTime();
    });

    it('serves repeated calls within the TTL from the cache, per user and per question', async () => {
      const counting = new CountingDirectory(new LocalDirectory(() => seedTenant));
      const cached = new CachedDirectory(counting, TTL, movable);
      const first = await cached.groupsOf(rui.id);
      t += TTL - 1;
      assert.deepEqual(await cached.groupsOf(rui.id), first);
      assert.deepEqual(await cached.groupsOf(rui.id), first);
      assert.equal(counting.calls.groupsOf, 1);
      await cached.groupsOf(emma.id);
      assert.equal(counting.calls.groupsOf, 2, 'another user is another question');
      await cached.administrativeUnitsOf(rui.id);
      await cached.administrativeUnitsOf(rui.id);
      assert.equal(counting.calls.administrativeUnitsOf, 1);
      await cached.listAdministrativeUnits();
      await cached.listAdministrativeUnits();
      assert.equal(counting.calls.listAdministrativeUnits, 1);
    });

    it('concurrent calls share one directory request', async () => {
      const counting = new CountingDirectory(new LocalDirectory(() => seedTenant));
      const cached = new CachedDirectory(counting, TTL, movable);
      const answers = await Promise.all([cached.groupsOf(emma.id), cached.groupsOf(emma.id), cached.groupsOf(emma.id)]);
      assert.equal(counting.calls.groupsOf, 1);
      assert.deepEqual(answers[0], answers[2]);
    });

    it('asks again once the TTL has passed, and then sees directory changes', async () => {
      const tenant = structuredClone(seedTenant);
      const counting = new CountingDirectory(new LocalDirectory(() => tenant));
      const cached = new CachedDirectory(counting, TTL, movable);
      assert.ok(!(await cached.groupsOf(olu.id)).includes(groupId(5)));
      tenant.directory.groups.find((g) => g.id === groupId(5))!.members.push(olu.id); // Olu joins DLP Viewers
      t += TTL - 1;
      assert.ok(!(await cached.groupsOf(olu.id)).includes(groupId(5)), 'still the cached answer within the TTL');
      assert.equal(counting.calls.groupsOf, 1);
      t += 1;
      assert.ok((await cached.groupsOf(olu.id)).includes(groupId(5)), 'fresh answer after the TTL');
      assert.equal(counting.calls.groupsOf, 2);
      assert.ok((await cached.groupsOf(olu.id)).includes(groupId(5)));
      assert.equal(counting.calls.groupsOf, 2, 'the fresh answer is cached again');
    });

    it('does not cache failures: the next call asks again', async () => {
      const counting = new CountingDirectory(new LocalDirectory(() => seedTenant));
      const cached = new CachedDirectory(counting, TTL, movable);
      counting.failures = 1;
      await assert.rejects(cached.administrativeUnitsOf(emma.id), /timed out/);
      assert.deepEqual(await cached.administrativeUnitsOf(apacAlert.subject!.id!), [
        { id: 'd0000000-0000-4000-8000-000000000003', displayName: 'APAC' },
      ]);
      assert.deepEqual(
        await cached.administrativeUnitsOf(emma.id),
        [],
        'asked again (same time, within the TTL) and answered',
      );
      assert.equal(counting.calls.administrativeUnitsOf, 3);
      await cached.administrativeUnitsOf(emma.id);
      assert.equal(counting.calls.administrativeUnitsOf, 3, 'the success is cached');
    });

    it('keeps the answers to different questions apart (no cache key collisions)', async () => {
      // BUG (src/backends/cached-directory.ts): listAdministrativeUnits() is cached under 'aus:*', the same key
      // administrativeUnitsOf('*') uses; a subject id of '*' then "is in" every AU, and AU-scoped people see the alert.
      const counting = new CountingDirectory(new LocalDirectory(() => seedTenant));
      const cached = new CachedDirectory(counting, TTL, movable);
      assert.equal((await cached.listAdministrativeUnits()).length, 3);
      assert.deepEqual(
        await cached.administrativeUnitsOf('*'),
        await new LocalDirectory(() => seedTenant).administrativeUnitsOf('*'),
      );
      const access = serviceOver(cached);
      const oddSubject: Alert = { ...apacAlert, id: 'dl-odd-subject', subject: { id: '*' } };
      assert.deepEqual(
        sorted(await access.permissionsOn(who(emma), oddSubject)),
        [],
        'Emma (EMEA only) must not see it',
      );
    });

    it('AccessService over CachedDirectory: a burst of checks costs one directory call per question', async () => {
      const counting = new CountingDirectory(new LocalDirectory(() => seedTenant));
      const access = serviceOver(new CachedDirectory(counting, TTL, movable));
      for (let i = 0; i < 5; i++) {
        await access.authorize(who(emma), 'alert.classify', emeaAlert);
        assert.deepEqual(sorted(await access.permissionsOn(who(emma), emeaAlert)), sorted(ANALYST));
      }
      assert.equal(counting.calls.groupsOf, 1);
      assert.equal(counting.calls.administrativeUnitsOf, 1);
    });

    it('AccessService over a failing CachedDirectory fails closed, then recovers on the next request', async () => {
      const counting = new CountingDirectory(new LocalDirectory(() => seedTenant));
      const access = serviceOver(new CachedDirectory(counting, TTL, movable));
      counting.failures = 1;
      const e = await refusal(() => access.authorize(who(emma), 'alert.classify', emeaAlert));
      assert.equal(e.code, 'unavailable');
      await access.authorize(who(emma), 'alert.classify', emeaAlert);
    });
  });
});
