import { strict as assert } from 'node:assert';
import { AlertViews } from '../../../bot/alert-views.js';
import { alertVerbRegistry } from '../../support/verb-registry.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { PERSONAS } from '../../../src/backends/local/local-seed.js';
import { Messages } from '../../../src/i18n/messages.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import { ALERT_NOT_FOUND, isTriageError } from '../../../src/triage/triage-error.js';
import { demoPolicy, who } from '../../support/demo-access.js';
import { SeedAlerts } from '../../support/seed-tenant.js';
import { factsOf } from '../../support/card-facts.js';
import { nodesOfType, textsOf, verbsIn } from '../../support/card-tree.js';

const NOW = new Date('2026-11-23T14:05:00Z');
const i18n = new Messages().translator({ locale: 'en-US' });
const seed = new SeedAlerts(NOW);
const { tenant } = seed;
const [, , emma, , vic, , olu] = PERSONAS;
const access = new AccessService(new LocalDirectory(() => tenant), demoPolicy, {
  append: async () => undefined,
  forAlert: async () => [],
});
const views = new AlertViews(access, { now: () => NOW }, alertVerbRegistry());

const missing = (e: unknown) => isTriageError(e) && e.code === 'not-found' && e.userMessage === ALERT_NOT_FOUND;

describe('AlertViews: no view draws an alert for someone who may not see it', () => {
  const americas = seed.in('Americas');

  it('userCard refuses Olu (no grant) and Emma (EMEA only) on an Americas alert, exactly as a missing alert', async () => {
    await assert.rejects(views.userCard(who(olu!), americas, { i18n }), missing);
    await assert.rejects(views.userCard(who(emma!), americas, { i18n }), missing);
  });

  it('detailsCard refuses them the same way, and refuses a viewer without the details permission', async () => {
    await assert.rejects(views.detailsCard(who(emma!), americas, { i18n }), missing);
    await assert.rejects(
      views.detailsCard(who(vic!), americas, { i18n }),
      (e) => isTriageError(e) && e.code === 'forbidden',
    );
  });

  it('draws the card for those who may see it', async () => {
    const card = await views.userCard(who(vic!), americas, { i18n });
    assert.equal(card.type, 'AdaptiveCard');
    assert.equal((await views.userCard(who(emma!), seed.in('EMEA'), { i18n })).type, 'AdaptiveCard');
  });
});

describe('AlertViews: the viewer, the assignee by name, and the SLA', () => {
  const [, sam] = PERSONAS;
  const directory = new LocalDirectory(() => tenant);
  const sla = { high: 4, medium: 24, low: 72 };
  const named = new AlertViews(access, { now: () => NOW }, alertVerbRegistry(), undefined, undefined, {
    people: directory,
    sla,
  });
  const samsAlert = seed.find(
    'an open alert assigned to Sam',
    (a) => a.assignedTo === sam!.userPrincipalName && a.status !== 'resolved',
  );
  const badgeTexts = (card: unknown) =>
    nodesOfType(card, 'Container')
      .filter((c) => typeof c.style === 'string')
      .flatMap((c) => textsOf(c));

  it("Sam's own view marks the alert assigned to him and offers no Assign to me", async () => {
    const card = await named.userCard(who(sam!), samsAlert, { i18n });
    assert.equal(factsOf(card)['Assigned to'], 'Sam Analyst (you)');
    assert.ok(badgeTexts(card).includes('Assigned to you'));
    assert.equal(verbsIn(card).has('alert.assignToMe'), false);
    const details = await named.detailsCard(who(sam!), samsAlert, { i18n });
    assert.equal(factsOf(details)['Assigned to'], 'Sam Analyst (you)');
  });

  it('someone else sees Sam by name, not marked as theirs, with Assign to me', async () => {
    const alert = seed.find(
      'an EMEA alert assigned to Sam',
      (a) => a.assignedTo === sam!.userPrincipalName && seed.unitsOf(a).join() === 'EMEA' && a.status !== 'resolved',
    );
    const card = await named.userCard(who(emma!), alert, { i18n });
    assert.equal(factsOf(card)['Assigned to'], 'Sam Analyst');
    assert.ok(!badgeTexts(card).includes('Assigned to you'));
    assert.equal(verbsIn(card).has('alert.assignToMe'), true);
  });

  it('the channel card names the assignee too, and marks no one', async () => {
    const card = await named.channelCard(samsAlert);
    assert.equal(factsOf(card)['Assigned to'], 'Sam Analyst');
    assert.ok(!badgeTexts(card).includes('Assigned to you'));
  });

  it('a directory that fails leaves the principal name on the card', async () => {
    const failing = new AlertViews(access, { now: () => NOW }, alertVerbRegistry(), undefined, undefined, {
      people: { getUser: async () => Promise.reject(new Error('directory down')) },
    });
    assert.equal(factsOf(await failing.channelCard(samsAlert))['Assigned to'], sam!.userPrincipalName);
  });

  it('shows the SLA badge from the configured hours', async () => {
    const open = {
      ...seed.find('an open high alert', (a) => a.severity === 'high' && a.status !== 'resolved'),
      createdAt: '2026-11-23T12:05:00Z',
    };
    assert.ok(badgeTexts(await named.userCard(who(sam!), open, { i18n })).includes('Due in 2 h'));
    const strict = new AlertViews(access, { now: () => NOW }, alertVerbRegistry(), undefined, undefined, {
      sla: { ...sla, high: 1 },
    });
    assert.ok(badgeTexts(await strict.channelCard(open)).includes('Past SLA by 1 h'));
  });
});

describe('AlertViews: whose language', () => {
  const [, sam] = PERSONAS;
  const messages = new Messages();
  const german = messages.translator({ locale: 'de-DE', timeZone: 'Europe/Berlin' });
  const japanese = messages.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' });
  const alert = { ...seed.in('EMEA'), createdAt: '2026-11-23T12:05:00Z' };
  const views = new AlertViews(access, { now: () => NOW }, alertVerbRegistry(), undefined, undefined, {
    channelReader: messages.translator(),
  });

  it('a person’s own view and details view are in their language and zone', async () => {
    const own = factsOf(await views.userCard(who(sam!), alert, { i18n: german }));
    assert.equal(own['Erkannt'], '23. Nov. 2026, 13:05 MEZ (vor 2 Std.)');
    const details = factsOf(await views.detailsCard(who(sam!), alert, { i18n: japanese }));
    assert.equal(details['検出日時'], '2026年11月23日 21:05 JST (2 時間前)');
  });

  it('the channel card, read by many, is English and UTC', async () => {
    const card = await views.channelCard(alert);
    assert.equal(factsOf(card)['Detected'], 'Nov 23, 2026, 12:05 PM UTC (2 hr. ago)');
    assert.ok(executeTitles(card).includes('Refresh'));
  });
});

const executeTitles = (card: unknown) => nodesOfType(card, 'Action.Execute').map((a) => String(a.title));
