import { strict as assert } from 'node:assert';
import { AlertViews } from '../../../bot/alert-views.js';
import { alertVerbRegistry } from '../../support/verb-registry.js';
import { parseAccessPolicy } from '../../../src/state/file/access-policy-file.js';
import { mapGraphAlert } from '../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { buildLocalAccessPolicy } from '../../../src/backends/local/local-access-policy.js';
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { PERSONAS, buildSeedTenant } from '../../../src/backends/local/local-seed.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import { ALERT_NOT_FOUND, isTriageError } from '../../../src/triage/triage-error.js';

const NOW = new Date('2026-11-23T14:05:00Z');
const tenant = buildSeedTenant(NOW);
const [, , emma, , vic, , olu] = PERSONAS;
const access = new AccessService(
  new LocalDirectory(() => tenant),
  () => parseAccessPolicy(JSON.stringify(buildLocalAccessPolicy()), 'p.json'),
  {
    append: async () => undefined,
    forAlert: async () => [],
  },
);
const views = new AlertViews(access, { now: () => NOW }, alertVerbRegistry());
const person = (p: (typeof PERSONAS)[number]) => ({ id: p.id, name: p.displayName });

/** A seed alert whose subject is in the AU `unit`. */
function alertIn(unit: string) {
  const au = tenant.directory.administrativeUnits.find((u) => u.displayName === unit)!;
  const alert = tenant.alerts
    .map((a) => mapGraphAlert(a))
    .find((a) => !!a.subject?.id && au.members.includes(a.subject.id));
  return alert!;
}

const missing = (e: unknown) => isTriageError(e) && e.code === 'not-found' && e.userMessage === ALERT_NOT_FOUND;

describe('AlertViews: no view draws an alert for someone who may not see it', () => {
  const americas = alertIn('Americas');

  it('userCard refuses Olu (no grant) and Emma (EMEA only) on an Americas alert, exactly as a missing alert', async () => {
    await assert.rejects(views.userCard(person(olu!), americas), missing);
    await assert.rejects(views.userCard(person(emma!), americas), missing);
  });

  it('detailsCard refuses them the same way, and refuses a viewer without the details permission', async () => {
    await assert.rejects(views.detailsCard(person(emma!), americas), missing);
    await assert.rejects(views.detailsCard(person(vic!), americas), (e) => isTriageError(e) && e.code === 'forbidden');
  });

  it('draws the card for those who may see it', async () => {
    const card = await views.userCard(person(vic!), americas);
    assert.equal(card.type, 'AdaptiveCard');
    assert.equal((await views.userCard(person(emma!), alertIn('EMEA'))).type, 'AdaptiveCard');
  });
});
