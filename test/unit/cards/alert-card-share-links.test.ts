import { strict as assert } from 'node:assert';
import { AlertViews, type ShareLinkView } from '../../../bot/alert-views.js';
import { renderAlertCard } from '../../../cards/alert-card.js';
import { type CardVerb } from '../../../cards/card-verbs.js';
import { alertVerbRegistry } from '../../support/verb-registry.js';
import { parseAccessPolicy } from '../../../src/state/file/access-policy-file.js';
import { mapGraphAlert } from '../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { buildLocalAccessPolicy } from '../../../src/backends/local/local-access-policy.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { PERSONAS, buildSeedTenant } from '../../../src/backends/local/local-seed.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';

const NOW = new Date('2026-11-23T14:05:00Z');
const tenant = buildSeedTenant(NOW);
const alert = mapGraphAlert(tenant.alerts[0]!);
const LINKS: ShareLinkView[] = [
  { url: 'http://127.0.0.1:3978/share/v1.eyJsIjoiYSJ9.abc_def-ghi', expiresAt: '2026-11-30T14:05:00.000Z' },
  { url: 'http://127.0.0.1:3978/share/v1.eyJsIjoiYiJ9.xyz', expiresAt: '2026-12-01T09:00:00.000Z' },
];

type Json = Record<string, unknown>;
function nodes(node: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(node)) node.forEach((n) => nodes(n, out));
  else if (node && typeof node === 'object') {
    out.push(node as Json);
    Object.values(node).forEach((v) => nodes(v, out));
  }
  return out;
}
const texts = (card: unknown) =>
  nodes(card)
    .filter((n) => n.type === 'TextBlock')
    .map((n) => String(n.text));
const verbs = (card: unknown) =>
  new Set(
    nodes(card)
      .filter((n) => n.type === 'Action.Execute')
      .map((n) => n.verb),
  );

describe('alert card: share links', () => {
  it('lists each working link with its expiry, as a link, in a valid card', () => {
    const card = renderAlertCard(alert, { actions: new Set<CardVerb>(['alert.refresh']), now: NOW, shareLinks: LINKS });
    assert.deepEqual(validateAdaptiveCard(card), []);
    const shown = texts(card).filter((t) => t.startsWith('[Shared read-only link]'));
    assert.deepEqual(shown, [
      `[Shared read-only link](${LINKS[0]!.url}) · expires 30 Nov 2026, 14:05 UTC`,
      `[Shared read-only link](${LINKS[1]!.url}) · expires 1 Dec 2026, 09:00 UTC`,
    ]);
  });

  it('has no share section without links', () => {
    for (const shareLinks of [undefined, []]) {
      const card = renderAlertCard(alert, { actions: new Set<CardVerb>(['alert.refresh']), now: NOW, shareLinks });
      assert.deepEqual(validateAdaptiveCard(card), []);
      assert.ok(!JSON.stringify(card).includes('Shared read-only link'));
    }
  });

  describe('AlertViews', () => {
    const [, sam, , , vic] = PERSONAS;
    const access = new AccessService(
      new LocalDirectory(() => tenant),
      () => parseAccessPolicy(JSON.stringify(buildLocalAccessPolicy()), 'p.json'),
      { append: async () => undefined, forAlert: async () => [] },
    );
    const views = (links: ShareLinkView[]) =>
      new AlertViews(access, { now: () => NOW }, alertVerbRegistry(), undefined, () => links);
    const person = (p: (typeof PERSONAS)[number]) => ({ id: p.id, name: p.displayName });

    it('offers alert.unshare only while the alert has working links; everyone sees the links', async () => {
      const none = await views([]).userCard(person(sam!), alert);
      assert.ok(verbs(none).has('alert.share'));
      assert.ok(!verbs(none).has('alert.unshare'), 'nothing to revoke');
      const some = await views(LINKS).userCard(person(sam!), alert);
      assert.ok(verbs(some).has('alert.share') && verbs(some).has('alert.unshare'));
      assert.equal(texts(some).filter((t) => t.startsWith('[Shared read-only link]')).length, 2);
      const viewer = await views(LINKS).userCard(person(vic!), alert);
      assert.ok(!verbs(viewer).has('alert.share') && !verbs(viewer).has('alert.unshare'), 'a viewer may not share');
      assert.equal(texts(viewer).filter((t) => t.startsWith('[Shared read-only link]')).length, 2);
      const channel = views(LINKS).channelCard(alert);
      assert.equal(
        texts(channel).filter((t) => t.startsWith('[Shared read-only link]')).length,
        2,
        'the channel card shows them too',
      );
      assert.deepEqual(validateAdaptiveCard(channel), []);
      const details = await views([]).detailsCard(person(sam!), alert);
      assert.ok(!verbs(details).has('alert.unshare'));
    });
  });
});
