import { strict as assert } from 'node:assert';
import { AlertViews } from '../../../bot/alert-views.js';
import { SharedViews, VIEW_REUSE_MS } from '../../../bot/shared-views.js';
import { renderAlertCard, type AlertCardView } from '../../../cards/alert-card.js';
import { alertViewKey } from '../../../cards/alert-view-key.js';
import type { CardVerb } from '../../../cards/card-verbs.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { PERSONAS } from '../../../src/backends/local/local-seed.js';
import { jsonBody, JsonText } from '../../../src/http/json-text.js';
import { Messages } from '../../../src/i18n/messages.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import { ALERT_NOT_FOUND, isTriageError } from '../../../src/triage/triage-error.js';
import { factsOf } from '../../support/card-facts.js';
import { demoPolicy, who } from '../../support/demo-access.js';
import { SeedAlerts } from '../../support/seed-tenant.js';
import { alertVerbRegistry } from '../../support/verb-registry.js';

const NOW = new Date('2026-11-23T14:05:00Z');
const seed = new SeedAlerts(NOW);
const { tenant } = seed;
const [avery, sam, emma, , vic, , olu] = PERSONAS;
const messages = new Messages();
const i18n = messages.translator({ locale: 'en-US' });
const access = new AccessService(new LocalDirectory(() => tenant), demoPolicy, {
  append: async () => undefined,
  forAlert: async () => [],
});

describe('SharedViews: a view rendered once is answered to the next identical readers, for a few seconds', () => {
  let now = 1_000_000;
  let renders = 0;
  const render = (n: number) => () => {
    renders++;
    return { n };
  };

  it('keeps a view from its second request on, then reuses it until VIEW_REUSE_MS have passed', () => {
    const shared = new SharedViews(() => now);
    renders = 0;
    const first = shared.view('k', render(1));
    const second = shared.view('k', render(2));
    assert.equal(renders, 2, 'a key seen once keeps nothing: the second request renders too');
    assert.equal(shared.view('k', render(3)), second, 'the third gets the kept text');
    assert.equal(first.text, '{"n":1}');
    now += VIEW_REUSE_MS - 1;
    assert.equal(shared.view('k', render(4)), second);
    now += 1;
    assert.equal(shared.view('k', render(5)).text, '{"n":5}', 'past the reuse time it is drawn again');
    assert.deepEqual(shared.stats, { hits: 2, renders: 3 });
  });

  it('never answers one key with another key’s view, and keeps a bounded number', () => {
    const shared = new SharedViews(() => now);
    for (let i = 0; i < 1000; i++) {
      shared.view(`k${i}`, render(i));
      shared.view(`k${i}`, render(i));
    }
    assert.equal(shared.view('k999', render(-1)).text, '{"n":999}');
    assert.equal(shared.view('k0', render(-2)).text, '{"n":-2}', 'the oldest were dropped');
  });

  it('forgets stale views and keys as soon as anything is asked for (a revoked link’s URL does not linger)', () => {
    const shared = new SharedViews(() => now);
    shared.view('old', render(1));
    shared.view('old', render(2));
    now += VIEW_REUSE_MS;
    shared.view('other', render(3));
    assert.equal(shared.held, 1, 'only the key of "other" is left');
  });

  it('a clock that goes back does not make an old view fresh', () => {
    const shared = new SharedViews(() => now);
    shared.view('b', render(1));
    shared.view('b', render(2));
    now -= 10;
    assert.equal(shared.view('b', render(3)).text, '{"n":3}');
  });
});

describe('AlertViews.refreshCard: shared views never show one reader what another may see', () => {
  const sla = { high: 4, medium: 24, low: 72 };
  const views = new AlertViews(access, { now: () => NOW }, alertVerbRegistry(), undefined, undefined, {
    people: new LocalDirectory(() => tenant),
    sla,
    shared: new SharedViews(() => NOW.getTime()),
  });
  const plain = new AlertViews(access, { now: () => NOW }, alertVerbRegistry(), undefined, undefined, {
    people: new LocalDirectory(() => tenant),
    sla,
  });
  const samsAlert = seed.find(
    'an open EMEA alert assigned to Sam',
    (a) => a.assignedTo === sam!.userPrincipalName && seed.unitsOf(a).join() === 'EMEA' && a.status !== 'resolved',
  );
  const parsed = (j: JsonText) => JSON.parse(j.text) as Record<string, unknown>;

  it('each reader gets exactly their own userCard, however the refreshes interleave', async () => {
    const readers = [sam!, emma!, vic!, avery!, sam!, vic!, emma!, avery!, sam!, emma!];
    for (const reader of readers) {
      const shared = parsed(await views.refreshCard(who(reader), samsAlert, { i18n }));
      assert.deepEqual(shared, await plain.userCard(who(reader), samsAlert, { i18n }), reader.givenName);
    }
    assert.equal(
      factsOf(parsed(await views.refreshCard(who(emma!), samsAlert, { i18n })))['Assigned to'],
      'Sam Analyst',
    );
    assert.equal(
      factsOf(parsed(await views.refreshCard(who(sam!), samsAlert, { i18n })))['Assigned to'],
      'Sam Analyst (you)',
    );
  });

  it('Olu (no grant) is refused as for a missing alert, after others’ views were kept', async () => {
    await views.refreshCard(who(vic!), samsAlert, { i18n });
    await views.refreshCard(who(vic!), samsAlert, { i18n });
    await assert.rejects(
      views.refreshCard(who(olu!), samsAlert, { i18n }),
      (e) => isTriageError(e) && e.code === 'not-found' && e.userMessage === ALERT_NOT_FOUND,
    );
  });

  it('a new version of the alert is drawn afresh, and readers in another language get theirs', async () => {
    const newer = { ...samsAlert, status: 'inProgress' as const, lastUpdatedAt: '2026-11-23T14:04:00Z' };
    const fresh = parsed(await views.refreshCard(who(emma!), newer, { i18n }));
    assert.deepEqual(fresh, await plain.userCard(who(emma!), newer, { i18n }));
    const german = messages.translator({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
    const inGerman = parsed(await views.refreshCard(who(emma!), newer, { i18n: german }));
    assert.deepEqual(inGerman, await plain.userCard(who(emma!), newer, { i18n: german }));
  });
});

describe('alertViewKey: equal keys only for views drawn the same', () => {
  const alert = seed.in('EMEA');
  const base: AlertCardView = { actions: new Set<CardVerb>(['alert.refresh', 'alert.assign']), i18n, now: NOW };
  const variants: AlertCardView[] = [
    base,
    { ...base, actions: new Set<CardVerb>(['alert.refresh']) },
    { ...base, i18n: messages.translator({ locale: 'en-US', timeZone: 'Asia/Tokyo' }) },
    { ...base, i18n: messages.translator({ locale: 'ja-JP' }) },
    { ...base, detail: 'full' },
    { ...base, detail: 'full', showMatchedContent: true },
    { ...base, assigneeChoices: [{ title: 'Sam', value: sam!.id }] },
    { ...base, notice: { text: 'Assigned.', tone: 'info' } },
    { ...base, refreshUserIds: ['29:a'] },
    { ...base, shareLinks: [{ url: 'https://x.example/share/abc', expiresAt: '2026-11-24T00:00:00Z' }] },
    { ...base, sla: { high: 1, medium: 2, low: 3 } },
    { ...base, assignee: { id: sam!.id, displayName: 'Sam Analyst' } },
    { ...base, assignee: { id: sam!.id, displayName: 'Sam Analyst' }, viewer: { id: sam!.id } },
  ];

  it('every pair of views with equal keys renders the same card, and every variant has its own key', () => {
    for (const a of [alert, { ...alert, assignedTo: sam!.userPrincipalName }]) {
      const keys = variants.map((v) => alertViewKey(a, v));
      const cards = variants.map((v) => JSON.stringify(renderAlertCard(a, v)));
      for (let i = 0; i < variants.length; i++)
        for (let j = 0; j < variants.length; j++)
          if (keys[i] === keys[j]) assert.equal(cards[i], cards[j], `variants ${i} and ${j} share a key`);
    }
    const assigned = { ...alert, assignedTo: sam!.userPrincipalName };
    assert.equal(new Set(variants.map((v) => alertViewKey(assigned, v))).size, variants.length);
  });

  it('the viewer’s identity is not in the key: two readers of the same view share it', () => {
    const a = alertViewKey(alert, { ...base, viewer: { id: sam!.id } });
    assert.equal(a, alertViewKey(alert, { ...base, viewer: { id: emma!.id } }));
  });
});

describe('jsonBody: a shared view is spliced into the invoke answer as is', () => {
  it('writes the same JSON as JSON.stringify of the parsed card, whatever the card text holds', () => {
    const card = { type: 'AdaptiveCard', body: [{ text: 'a "quote", \u0000 a NUL, \u2028 and 日本語' }] };
    const body = {
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
      value: new JsonText(JSON.stringify(card)),
    };
    assert.equal(jsonBody(body), JSON.stringify({ ...body, value: card }));
    assert.equal(JSON.stringify(body), JSON.stringify({ ...body, value: card }), 'any other serialiser too');
  });
});
