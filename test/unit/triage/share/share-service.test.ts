import { strict as assert } from 'node:assert';
import crypto, { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import sinon from 'sinon';
import { HmacTokenSigner } from '../../../../src/share/hmac-token-signer.js';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { LocalDirectory } from '../../../../src/backends/local/local-directory.js';
import { PERSONAS, buildSeedTenant } from '../../../../src/backends/local/local-seed.js';
import { ShareLinkJournal } from '../../../../src/state/file/share-link-journal.js';
import { AccessService } from '../../../../src/triage/access/access-service.js';
import type { Alert } from '../../../../src/triage/alert.js';
import type { AuditRecord, Clock, Notice } from '../../../../src/triage/ports.js';
import { ShareService } from '../../../../src/triage/share/share-service.js';
import { ShareViewAudit } from '../../../../src/triage/share/share-view-audit.js';
import { decodeShareToken, encodeShareToken } from '../../../../src/triage/share/share-token.js';
import { TriageError } from '../../../../src/triage/triage-error.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';
import { demoPolicy, who } from '../../../support/demo-access.js';

const START = new Date('2026-11-23T14:05:30.250Z');
const BASE = 'https://dlp-triage.contoso.example';
const TTL_HOURS = 168;
const [, sam, , , vic] = PERSONAS;
const seedTenant = buildSeedTenant(START);
const policy = demoPolicy();

/** A clock the test moves. */
class TestClock implements Clock {
  constructor(public current: Date) {}
  now(): Date {
    return this.current;
  }
}

/** The audit log and the notifier as state: what was recorded, posted and re-rendered. */
class Recorder {
  readonly audit: AuditRecord[] = [];
  readonly thread: { alertId: string; notice: Notice }[] = [];
  readonly changed: string[] = [];
  readonly sink = {
    append: async (r: AuditRecord) => void this.audit.push(structuredClone(r)),
    forAlert: async (alertId: string) =>
      this.audit.filter((r) => r.alertId === alertId).map((r) => ({ ...r, at: START.toISOString() })),
  };
  readonly notifier = {
    alertChanged: async (a: Alert) => void this.changed.push(a.id),
    postInThread: async (alertId: string, notice: Notice) => void this.thread.push({ alertId, notice }),
  };
  views(outcome?: AuditRecord['outcome']): AuditRecord[] {
    return this.audit.filter((r) => r.action === 'alert.share.view' && (!outcome || r.outcome === outcome));
  }
}

/** Re-encodes the MAC-covered payload of a token with some claims changed, keeping the original MAC. */
function withPayload(token: string, change: (claims: Record<string, unknown>) => void): string {
  const [version, payload, mac] = token.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(claims);
  return `${version}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${mac}`;
}

const tokenOf = (url: string) => url.slice(`${BASE}/share/`.length);
const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

describe('ShareService (real access policy over the seed, real journal, real HMAC signer)', () => {
  const tmp = useTempDir('share-service-');
  let alerts: Map<string, Alert>;
  let alert: Alert;
  let clock: TestClock;
  let rec: Recorder;
  let links: ShareLinkJournal;
  let key: Buffer;
  let baseUrl: string | undefined;
  let viewAudit: ShareViewAudit;
  /** The refused views written so far, once the counted ones are flushed: [reason, alertId, linkId, count]. */
  const refusals = async () => {
    await viewAudit.flush();
    return rec
      .views('denied')
      .map(
        (r) =>
          [
            r.reason,
            r.alertId,
            (r.details as { linkId?: string }).linkId,
            (r.details as { count: number }).count,
          ] as const,
      );
  };

  const service = (signer = new HmacTokenSigner(key)) =>
    new ShareService({
      alerts: { get: async (id) => alerts.get(id) },
      access: new AccessService(new LocalDirectory(() => seedTenant), () => policy, rec.sink),
      links,
      signer,
      audit: rec.sink,
      views: viewAudit,
      notifier: rec.notifier,
      clock,
      ttlHours: TTL_HOURS,
      baseUrl: () => baseUrl,
    });

  beforeEach(async () => {
    alerts = new Map(seedTenant.alerts.map((raw) => mapGraphAlert(raw)).map((a) => [a.id, a]));
    alert = [...alerts.values()].find((a) => a.comments.length > 0 && a.tenantId)!;
    clock = new TestClock(START);
    rec = new Recorder();
    viewAudit = new ShareViewAudit(rec.sink, clock);
    links = await ShareLinkJournal.open(tmp.path);
    key = randomBytes(32);
    baseUrl = BASE;
  });

  afterEach(async () => {
    await links.close();
    sinon.restore();
  });

  it('share: a versioned link under the base URL, expiring after the TTL (whole seconds), recorded, audited, noted in the thread', async () => {
    const link = await service().share(who(sam), alert.id);
    assert.match(link.url, /^https:\/\/dlp-triage\.contoso\.example\/share\/v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.equal(link.expiresAt, '2026-11-30T14:05:30.000Z');
    assert.equal(link.alert.id, alert.id);
    assert.deepEqual(links.get(link.linkId), {
      linkId: link.linkId,
      alertId: alert.id,
      tenantId: alert.tenantId,
      createdBy: { id: sam.id, name: sam.displayName },
      createdAt: START.toISOString(),
      expiresAt: link.expiresAt,
    });
    assert.deepEqual(rec.audit, [
      {
        actor: { id: sam.id, name: sam.displayName },
        action: 'alert.share',
        alertId: alert.id,
        outcome: 'success',
        details: { linkId: link.linkId, expiresAt: link.expiresAt },
      },
    ]);
    assert.equal(rec.thread.length, 1);
    assert.equal(rec.thread[0]!.alertId, alert.id);
    assert.equal(
      rec.thread[0]!.notice.text,
      'Sam Analyst shared a read-only link to this alert, valid until 30 Nov 2026, 14:05 UTC. The link is on the alert card.',
    );
    assert.deepEqual(rec.changed, [alert.id], 'the card is re-rendered to show the link');
    assert.deepEqual(service().activeLinks(alert.id), [
      { linkId: link.linkId, url: link.url, expiresAt: link.expiresAt },
    ]);
  });

  it('the token never reaches the record, the audit log, the thread note or the journal file', async () => {
    const link = await service().share(who(sam), alert.id);
    await service().open(tokenOf(link.url));
    await refusals();
    const token = tokenOf(link.url);
    const mac = token.split('.')[2]!;
    assert.ok(!JSON.stringify(rec.audit).includes(mac));
    assert.ok(
      !JSON.stringify(rec.thread).includes(mac) && !JSON.stringify(rec.thread).includes('/share/'),
      'the thread note (kept in the outbox until sent) has no link',
    );
    assert.ok(!(await fs.readFile(path.join(tmp.path, 'share-links.jsonl'), 'utf8')).includes(mac));
  });

  it('open: a valid token gives the alert and its expiry, and the view is audited with the link id', async () => {
    const link = await service().share(who(sam), alert.id);
    const shared = await service().open(tokenOf(link.url), { ip: '127.0.0.1' });
    assert.equal(shared?.alert.id, alert.id);
    assert.equal(shared?.expiresAt, link.expiresAt);
    assert.deepEqual(rec.views(), [
      {
        actor: { id: 'anonymous', name: 'Viewer of a read-only link' },
        action: 'alert.share.view',
        alertId: alert.id,
        outcome: 'success',
        details: { linkId: link.linkId, ip: '127.0.0.1' },
      },
    ]);
  });

  it('open: a token signed with another key (forged) is refused, audited without naming any alert', async () => {
    const link = await service().share(who(sam), alert.id);
    const forger = new HmacTokenSigner(randomBytes(32));
    const stored = links.get(link.linkId)!;
    const forged = encodeShareToken(stored, forger);
    assert.notEqual(forged, tokenOf(link.url));
    assert.equal(await service().open(forged, { ip: '203.0.113.9', userAgent: 'Forger/1.0' }), undefined);
    assert.deepEqual(
      await refusals(),
      [['invalid or forged token', undefined, undefined, 1]],
      'an unauthenticated token cannot write into an alert audit trail',
    );
    assert.ok(
      !JSON.stringify(rec.audit).includes('Forger') && !JSON.stringify(rec.audit).includes('203.0.113.9'),
      'nothing of the client is kept for a refusal',
    );
  });

  it('open: 1,000 forged-token opens write nothing per request, then one summary line with the count; never the user agent', async () => {
    const link = await service().share(who(sam), alert.id);
    const forged = encodeShareToken(links.get(link.linkId)!, new HmacTokenSigner(randomBytes(32)));
    const before = rec.audit.length;
    const agent = `Flood/${'A'.repeat(190)}`;
    for (let i = 0; i < 1000; i++)
      assert.equal(
        await service().open(i % 2 ? forged : `v1.junk${i}.x`, { ip: '203.0.113.9', userAgent: agent }),
        undefined,
      );
    assert.equal(rec.audit.length, before, 'nothing written per refused request');
    assert.deepEqual(await refusals(), [['invalid or forged token', undefined, undefined, 1000]]);
    assert.equal(rec.audit.length, before + 1);
    assert.ok(!JSON.stringify(rec.audit).includes('Flood/'));
    // The next window starts from zero.
    clock.current = new Date(START.getTime() + 120_000);
    for (let i = 0; i < 5; i++) await service().open(forged);
    assert.deepEqual(
      (await refusals()).map((r) => r[3]),
      [1000, 5],
    );
  });

  it('open: a tampered payload, a changed MAC character, a re-spelled MAC and junk are refused', async () => {
    const link = await service().share(who(sam), alert.id);
    const other = [...alerts.values()].find((a) => a.id !== alert.id)!;
    const token = tokenOf(link.url);
    const [version, payload, mac] = token.split('.') as [string, string, string];
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    const tampered = [
      withPayload(token, (c) => (c.a = other.id)),
      withPayload(token, (c) => (c.e = Number(c.e) + 3600)),
      `${version}.${flip(payload, 5)}.${mac}`,
      `${version}.${payload}.${flip(mac, 0)}`,
      // The last of 43 base64url characters carries 4 bits; its 2 spare bits must not give a second valid spelling.
      `${version}.${payload}.${mac.slice(0, 42)}${B64URL[B64URL.indexOf(mac[42]!) ^ 1]}`,
      `v2.${payload}.${mac}`,
      `${token}.x`,
      `${version}.${payload}`,
      `${version}.${payload}.${mac}=`,
      '',
      'v1..',
      'x'.repeat(5000),
    ];
    for (const t of tampered) assert.equal(await service().open(t), undefined, t.slice(0, 60));
    assert.deepEqual(await refusals(), [['invalid or forged token', undefined, undefined, tampered.length]]);
    assert.equal(rec.views('success').length, 0);
    assert.ok(await service().open(token), 'the original still works');
  });

  it('open: a validly signed token for another tenant is refused (tenant binding)', async () => {
    const link = await service().share(who(sam), alert.id);
    const signer = new HmacTokenSigner(key);
    const stored = links.get(link.linkId)!;
    const otherTenant = encodeShareToken({ ...stored, tenantId: '99999999-2222-4333-8444-555555555555' }, signer);
    assert.equal(await service().open(otherTenant), undefined);
    assert.deepEqual(await refusals(), [['the token is for another tenant', alert.id, link.linkId, 1]]);

    // The alert itself moved to another tenant (a backend mix-up): the link no longer shows it.
    alerts.set(alert.id, { ...alert, tenantId: '99999999-2222-4333-8444-555555555555' });
    assert.equal(await service().open(tokenOf(link.url)), undefined);
    assert.deepEqual((await refusals())[1], ['the alert belongs to another tenant', alert.id, link.linkId, 1]);
  });

  it('open: expires exactly after the TTL (controllable clock)', async () => {
    const link = await service().share(who(sam), alert.id);
    clock.current = new Date(Date.parse(link.expiresAt) - 1000);
    assert.ok(await service().open(tokenOf(link.url)), 'a second before expiry');
    assert.equal(service().activeLinks(alert.id).length, 1);
    clock.current = new Date(link.expiresAt);
    assert.equal(await service().open(tokenOf(link.url)), undefined, 'at expiry');
    assert.deepEqual(
      await refusals(),
      [['expired', alert.id, link.linkId, 1]],
      'a verified token names its link and alert in the audit',
    );
    assert.deepEqual(service().activeLinks(alert.id), []);
  });

  it('unshare: revokes every link of the alert, audits, notes it in the thread, re-renders the card', async () => {
    const first = await service().share(who(sam), alert.id);
    clock.current = new Date(START.getTime() + 60_000);
    const second = await service().share(who(sam), alert.id);
    const otherAlert = [...alerts.values()].find((a) => a.id !== alert.id)!;
    const unrelated = await service().share(who(sam), otherAlert.id);
    assert.deepEqual(
      service()
        .activeLinks(alert.id)
        .map((l) => l.linkId),
      [first.linkId, second.linkId],
      'soonest to expire first',
    );
    rec.thread.length = 0;
    rec.changed.length = 0;

    const result = await service().unshare(who(sam), alert.id);
    assert.equal(result.revoked, 2);
    assert.deepEqual(service().activeLinks(alert.id), []);
    for (const link of [first, second]) {
      assert.equal(await service().open(tokenOf(link.url)), undefined);
      assert.equal(links.get(link.linkId)?.revokedAt, clock.current.toISOString());
      assert.deepEqual(links.get(link.linkId)?.revokedBy, { id: sam.id, name: sam.displayName });
    }
    assert.deepEqual(await refusals(), [
      ['revoked', alert.id, first.linkId, 1],
      ['revoked', alert.id, second.linkId, 1],
    ]);
    assert.ok(await service().open(tokenOf(unrelated.url)), 'links of other alerts keep working');
    assert.deepEqual(
      rec.thread.map((t) => t.notice.text),
      ['Sam Analyst revoked 2 read-only links of this alert.'],
    );
    assert.deepEqual(rec.changed, [alert.id]);
    const audit = rec.audit.find((r) => r.action === 'alert.unshare');
    assert.deepEqual(audit?.details, { linkIds: [first.linkId, second.linkId] });

    const again = await service().unshare(who(sam), alert.id);
    assert.equal(again.revoked, 0, 'nothing left to revoke');
    assert.equal(rec.thread.length, 1, 'no second thread note');
  });

  it('records survive a restart (the journal is reopened)', async () => {
    const link = await service().share(who(sam), alert.id);
    await links.close();
    links = await ShareLinkJournal.open(tmp.path);
    assert.ok(await service().open(tokenOf(link.url)));
    await service().unshare(who(sam), alert.id);
    await links.close();
    links = await ShareLinkJournal.open(tmp.path);
    assert.equal(await service().open(tokenOf(link.url)), undefined);
  });

  it('a viewer (Vic) may not share or unshare; the refusal is audited and nothing is recorded', async () => {
    for (const attempt of [() => service().share(who(vic), alert.id), () => service().unshare(who(vic), alert.id)]) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof TriageError);
      assert.equal(error.code, 'forbidden');
      assert.match(error.userMessage, /analyst role/);
    }
    assert.deepEqual(links.forAlert(alert.id), []);
    assert.deepEqual(
      rec.audit.map((r) => [r.action, r.outcome]),
      [
        ['alert.share', 'denied'],
        ['alert.share', 'denied'],
      ],
    );
    assert.deepEqual(rec.thread, []);
  });

  it('an unknown alert is not found; without a base URL nothing is shared', async () => {
    const missing = await service()
      .share(who(sam), 'dl-nope')
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(missing instanceof TriageError && missing.code === 'not-found');
    baseUrl = undefined;
    const unset = await service()
      .share(who(sam), alert.id)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(unset instanceof TriageError && unset.code === 'unavailable');
    assert.match(unset.userMessage, /PUBLIC_BASE_URL/);
    assert.deepEqual(links.forAlert(alert.id), []);
  });

  it('an alert that is gone no longer opens', async () => {
    const link = await service().share(who(sam), alert.id);
    alerts.delete(alert.id);
    assert.equal(await service().open(tokenOf(link.url)), undefined);
    assert.deepEqual(await refusals(), [['the alert no longer exists', alert.id, link.linkId, 1]]);
  });

  it('verifies MACs with crypto.timingSafeEqual', async () => {
    const link = await service().share(who(sam), alert.id);
    const spy = sinon.spy(crypto, 'timingSafeEqual');
    assert.ok(await service().open(tokenOf(link.url)));
    assert.equal(spy.callCount, 1);
    assert.equal(spy.firstCall.returnValue, true);
  });
});

describe('share token format', () => {
  const signer = new HmacTokenSigner(randomBytes(32));
  const claims = {
    linkId: 'AAECAwQFBgcICQoL',
    alertId: 'dl14de8aea-0c8b-46f8-8227-a18092b3e7ca',
    tenantId: '11111111-2222-4333-8444-555555555555',
    expiresAt: '2026-11-30T14:05:30.000Z',
  };

  it('round-trips its claims and carries them readable but signed', () => {
    const token = encodeShareToken(claims, signer);
    assert.deepEqual(decodeShareToken(token, signer), claims);
    const [version, payload] = token.split('.');
    assert.equal(version, 'v1');
    assert.deepEqual(JSON.parse(Buffer.from(payload!, 'base64url').toString()), {
      l: claims.linkId,
      a: claims.alertId,
      t: claims.tenantId,
      e: Date.parse(claims.expiresAt) / 1000,
    });
    assert.ok(token.length < 300, `${token.length} characters`);
  });

  it('never throws on junk, and refuses a validly signed payload that is not its JSON', () => {
    for (const junk of ['', '.', '..', 'v1.!!.??', 'v1.e30.e30', '\u0000', 'v1.' + 'A'.repeat(2000) + '.x'])
      assert.equal(decodeShareToken(junk, signer), undefined);
    const signedJunk = (payload: string) => `v1.${payload}.${signer.sign(`v1.${payload}`)}`;
    assert.equal(decodeShareToken(signedJunk(Buffer.from('not json').toString('base64url')), signer), undefined);
    assert.equal(
      decodeShareToken(signedJunk(Buffer.from('{"l":1,"a":"x","t":"y","e":1}').toString('base64url')), signer),
      undefined,
    );
    assert.equal(
      decodeShareToken(signedJunk(Buffer.from('{"l":"a","a":"x","t":"y","e":1e300}').toString('base64url')), signer),
      undefined,
    );
  });

  it('HmacTokenSigner refuses short keys', () => {
    assert.throws(() => new HmacTokenSigner(randomBytes(16)), /at least 32 bytes/);
  });
});
