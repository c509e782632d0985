import { strict as assert } from 'node:assert';
import { AlertViews, type ShareLinkView } from '../../../bot/alert-views.js';
import { renderAlertCard } from '../../../cards/alert-card.js';
import { type CardVerb } from '../../../cards/card-verbs.js';
import { alertVerbRegistry } from '../../support/verb-registry.js';
import { mapGraphAlert } from '../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { PERSONAS, buildSeedTenant } from '../../../src/backends/local/local-seed.js';
import { Messages } from '../../../src/i18n/messages.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { textsOf, verbsIn } from '../../support/card-tree.js';
import { demoPolicy, who } from '../../support/demo-access.js';

const NOW = new Date('2026-11-23T14:05:00Z');
const i18n = new Messages().translator({ locale: 'en-US' });
const tenant = buildSeedTenant(NOW);
const alert = mapGraphAlert(tenant.alerts[0]!);
const LINKS: ShareLinkView[] = [
  { url: 'http://127.0.0.1:3978/share/v1.eyJsIjoiYSJ9.abc_def-ghi', expiresAt: '2026-11-30T14:05:00.000Z' },
  { url: 'http://127.0.0.1:3978/share/v1.eyJsIjoiYiJ9.xyz', expiresAt: '2026-12-01T09:00:00.000Z' },
];

describe('alert card: share links', () => {
  it('lists each working link with its expiry, as a link, in a valid card', () => {
    const card = renderAlertCard(alert, {
      actions: new Set<CardVerb>(['alert.refresh']),
      now: NOW,
      shareLinks: LINKS,
      i18n,
    });
    assert.deepEqual(validateAdaptiveCard(card), []);
    const shown = textsOf(card).filter((t) => t.startsWith('[Shared read-only link]'));
    assert.deepEqual(shown, [
      `[Shared read-only link](${LINKS[0]!.url}) · expires Nov 30, 2026, 2:05 PM UTC`,
      `[Shared read-only link](${LINKS[1]!.url}) · expires Dec 1, 2026, 9:00 AM UTC`,
    ]);
  });

  it('has no share section without links', () => {
    for (const shareLinks of [undefined, []]) {
      const card = renderAlertCard(alert, {
        actions: new Set<CardVerb>(['alert.refresh']),
        now: NOW,
        shareLinks,
        i18n,
      });
      assert.deepEqual(validateAdaptiveCard(card), []);
      assert.ok(!JSON.stringify(card).includes('Shared read-only link'));
    }
  });

  describe('AlertViews', () => {
    const [, sam, , , vic] = PERSONAS;
    const access = new AccessService(new LocalDirectory(() => tenant), demoPolicy, {
      append: async () => undefined,
      forAlert: async () => [],
    });
    const views = (links: ShareLinkView[]) =>
      new AlertViews(access, { now: () => NOW }, alertVerbRegistry(), undefined, () => links);

    it('offers alert.unshare only while the alert has working links; everyone sees the links', async () => {
      const none = await views([]).userCard(who(sam!), alert, { i18n });
      assert.ok(verbsIn(none).has('alert.share'));
      assert.ok(!verbsIn(none).has('alert.unshare'), 'nothing to revoke');
      const some = await views(LINKS).userCard(who(sam!), alert, { i18n });
      assert.ok(verbsIn(some).has('alert.share') && verbsIn(some).has('alert.unshare'));
      assert.equal(textsOf(some).filter((t) => t.startsWith('[Shared read-only link]')).length, 2);
      const viewer = await views(LINKS).userCard(who(vic!), alert, { i18n });
      assert.ok(!verbsIn(viewer).has('alert.share') && !verbsIn(viewer).has('alert.unshare'), 'a viewer may not share');
      assert.equal(textsOf(viewer).filter((t) => t.startsWith('[Shared read-only link]')).length, 2);
      const channel = await views(LINKS).channelCard(alert);
      assert.equal(
        textsOf(channel).filter((t) => t.startsWith('[Shared read-only link]')).length,
        2,
        'the channel card shows them too',
      );
      assert.deepEqual(validateAdaptiveCard(channel), []);
      const details = await views([]).detailsCard(who(sam!), alert, { i18n });
      assert.ok(!verbsIn(details).has('alert.unshare'));
    });
  });
});
