import { strict as assert } from 'node:assert';
import { AlertViews, type ViewExtras } from '../../../bot/alert-views.js';
import { CardRenderCache } from '../../../bot/card-render-cache.js';
import { cardViewKey } from '../../../bot/card-view-key.js';
import type { CardVerb } from '../../../cards/card-verbs.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { PERSONAS } from '../../../src/backends/local/local-seed.js';
import type { AccessPolicy } from '../../../src/triage/access/access-policy.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import type { Alert } from '../../../src/triage/alert.js';
import { isTriageError } from '../../../src/triage/triage-error.js';
import { textsOf, verbsIn } from '../../support/card-tree.js';
import { demoPolicy, policyFrom, who } from '../../support/demo-access.js';
import { SeedAlerts } from '../../support/seed-tenant.js';
import { alertVerbRegistry } from '../../support/verb-registry.js';

const NOW = Date.parse('2026-11-23T14:05:00.000Z');
const seed = new SeedAlerts(new Date(NOW));
const [avery, sam, emma, , vic, mia, olu] = PERSONAS;
const directory = new LocalDirectory(() => seed.tenant);
const sla = { high: 4, medium: 24, low: 72 };
const audit = { append: async () => undefined, forAlert: async () => [] };

/** Views with and without a render cache over the same access, clock and directory. */
function viewsPair(policy: () => AccessPolicy = demoPolicy) {
  let now = NOW;
  const clock = { now: () => new Date(now) };
  const access = new AccessService(directory, policy, audit);
  const extras: ViewExtras = { people: directory, sla };
  const cache = new CardRenderCache();
  return {
    cache,
    setNow: (ms: number) => (now = ms),
    cached: new AlertViews(access, clock, alertVerbRegistry(), undefined, undefined, { ...extras, cache }),
    plain: new AlertViews(access, clock, alertVerbRegistry(), undefined, undefined, extras),
  };
}

/** The card `views` draws for `who` the third time it is asked (the first two fill the cache). */
async function third(views: AlertViews, requester: { id: string }, alert: Alert, kind: 'user' | 'details' = 'user') {
  const draw = () => (kind === 'user' ? views.userCard(requester, alert) : views.detailsCard(requester, alert));
  await draw();
  await draw();
  return draw();
}

const refused = (e: unknown) => isTriageError(e) && (e.code === 'not-found' || e.code === 'forbidden');

describe('AlertViews with a render cache', () => {
  it('answers every seeded alert to every persona exactly as drawing it afresh would, own view and details', async () => {
    const { cached, plain, cache } = viewsPair();
    let compared = 0;
    for (const alert of seed.alerts) {
      for (const p of PERSONAS) {
        for (const kind of ['user', 'details'] as const) {
          const fresh = await (
            kind === 'user' ? plain.userCard(who(p), alert) : plain.detailsCard(who(p), alert)
          ).catch((e: unknown) => (refused(e) ? 'refused' : Promise.reject(e)));
          const again = await third(cached, who(p), alert, kind).catch((e: unknown) =>
            refused(e) ? 'refused' : Promise.reject(e),
          );
          assert.deepEqual(again, fresh, `${kind} view of ${alert.id} for ${p.displayName}`);
          compared += fresh === 'refused' ? 0 : 1;
        }
      }
    }
    assert.ok(compared > 100 && cache.size > 50, `${compared} cards compared, ${cache.size} kept`);
  });

  it('draws a new card for a new version of the alert, and for any other change in it', async () => {
    const { cached } = viewsPair();
    const alert = seed.find('an open alert', (a) => a.status !== 'resolved' && a.comments.length === 0);
    const before = await third(cached, who(avery), alert);
    const resolved = { ...alert, status: 'resolved' as const, lastUpdatedAt: '2026-11-23T14:04:00.000Z' };
    const after = await cached.userCard(who(avery), resolved);
    assert.notDeepEqual(after, before);
    assert.ok(textsOf(after).some((t) => t.startsWith('Resolved')));
    const retitled = { ...alert, title: 'A title changed without a new version' };
    assert.ok(textsOf(await cached.userCard(who(avery), retitled)).includes(retitled.title));
  });

  it('never serves one permission set the card drawn for another, even where the two cards are the same', async () => {
    const { cached, cache } = viewsPair();
    const alert = seed.in('EMEA');
    const access = new AccessService(directory, demoPolicy, audit);
    const vics = await access.permissionsOn(who(vic), alert);
    const mias = await access.permissionsOn(who(mia), alert);
    assert.notDeepEqual([...vics].sort(), [...mias].sort(), 'a viewer and a manager hold different permissions');
    const cards = [await third(cached, who(vic), alert), await third(cached, who(mia), alert)];
    assert.deepEqual(cards[0], cards[1], 'both see the summary with Refresh only');
    assert.equal(cache.size, 2, 'yet each permission set has its own entry');
    const samCard = await third(cached, who(sam), alert);
    assert.ok(verbsIn(samCard).has('alert.classify') && !verbsIn(cards[0]).has('alert.classify'));
    const emmaCard = await third(cached, who(emma), alert);
    assert.deepEqual(emmaCard, samCard, 'two analysts (one scoped to EMEA) share the same card…');
    assert.equal(cache.size, 3, '…and the same entry');
  });

  it('a policy reload takes effect on the next view: no card is served from before it', async () => {
    let policy = demoPolicy();
    const { cached, plain } = viewsPair(() => policy);
    const alert = seed.in('EMEA');
    assert.ok(verbsIn(await third(cached, who(sam), alert)).has('alert.classify'));
    policy = { grants: policy.grants.filter((g) => g.principal.id !== sam.id) };
    await assert.rejects(cached.userCard(who(sam), alert), refused);
    policy = policyFrom({ grants: [{ user: sam.id, roles: ['viewer'], scope: 'unrestricted' }] });
    const asViewer = await cached.userCard(who(sam), alert);
    assert.ok(!verbsIn(asViewer).has('alert.classify'), 'now a viewer: no triage buttons');
    assert.deepEqual(asViewer, await plain.userCard(who(sam), alert), "a viewer's card");
    await assert.rejects(third(cached, who(olu), alert), refused);
  });

  it('follows the clock: across minute marks of the alert and its comments, the same card as drawn afresh', async () => {
    const { cached, plain, setNow } = viewsPair();
    const alert = {
      ...seed.find('an open high alert', (a) => a.severity === 'high' && a.status !== 'resolved'),
      createdAt: '2026-11-23T10:04:40.250Z', // SLA 4 h: due at 14:04:40.250, minutes before NOW
      comments: [{ text: 'Looking', author: 'Sam Analyst', createdAt: '2026-11-23T14:01:12.900Z' }],
    };
    const marks = [40_250, 12_900].flatMap((offset) => [-1, 0, 1].map((d) => offset + d));
    const readings = [...marks, ...Array.from({ length: 30 }, (_, i) => i * 7_001)];
    const start = Date.parse('2026-11-23T14:03:00.000Z');
    const seen = new Set<string>();
    for (const minute of [0, 1, 2]) {
      for (const r of readings) {
        setNow(start + minute * 60_000 + r);
        const fresh = await plain.userCard(who(sam), alert);
        assert.deepEqual(
          await third(cached, who(sam), alert),
          fresh,
          `at ${new Date(start + minute * 60_000 + r).toISOString()}`,
        );
        seen.add(textsOf(fresh).join('|'));
      }
    }
    assert.ok(seen.size >= 6, `the card changed over time (${seen.size} versions), so the comparison means something`);
  });

  it('keys only views it knows: another field, or a translator without language and zone, is not cached', () => {
    const alert = seed.in('EMEA');
    const base = { actions: new Set<CardVerb>(['alert.refresh']), now: new Date(NOW) };
    const perms = new Set(['alert.view'] as const);
    assert.equal(typeof cardViewKey('user', alert, base, perms), 'string');
    assert.equal(cardViewKey('user', alert, { ...base, somethingNew: 1 } as typeof base, perms), undefined);
    const reader = (locale: string, timeZone: string) => ({ language: locale.slice(0, 2), locale, timeZone });
    const withReader = (r: unknown) => cardViewKey('user', alert, { ...base, i18n: r } as typeof base, perms);
    assert.equal(withReader({ language: 'de' }), undefined);
    const keys = [
      withReader(reader('de-DE', 'Europe/Berlin')),
      withReader(reader('de-DE', 'UTC')),
      withReader(reader('ja-JP', 'Europe/Berlin')),
      cardViewKey('user', alert, base, perms),
    ];
    assert.equal(new Set(keys).size, 4, 'language and zone are part of the key');
  });
});
