import { strict as assert } from 'node:assert';
import { AlertViews } from '../../../bot/alert-views.js';
import { alertVerbRegistry } from '../../support/verb-registry.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { PERSONAS } from '../../../src/backends/local/local-seed.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import { ALERT_NOT_FOUND, isTriageError } from '../../../src/triage/triage-error.js';
import { demoPolicy, who } from '../../support/demo-access.js';
import { SeedAlerts } from '../../support/seed-tenant.js';

const NOW = new Date('2026-11-23T14:05:00Z');
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
    await assert.rejects(views.userCard(who(olu!), americas), missing);
    await assert.rejects(views.userCard(who(emma!), americas), missing);
  });

  it('detailsCard refuses them the same way, and refuses a viewer without the details permission', async () => {
    await assert.rejects(views.detailsCard(who(emma!), americas), missing);
    await assert.rejects(views.detailsCard(who(vic!), americas), (e) => isTriageError(e) && e.code === 'forbidden');
  });

  it('draws the card for those who may see it', async () => {
    const card = await views.userCard(who(vic!), americas);
    assert.equal(card.type, 'AdaptiveCard');
    assert.equal((await views.userCard(who(emma!), seed.in('EMEA'))).type, 'AdaptiveCard');
  });
});
