/**
 * `npm run screenshots`: the README's pictures of the alert card (details view) and the daily digest, drawn
 * by the official `adaptivecards` renderer with Teams' light host config in headless Chromium, from the
 * real render functions over the seed tenant: docs/alert-card.png and docs/digest-card.png. Re-run it after
 * a card changes. Needs Debian's chromium (`apt-get install -y chromium`).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAlertCard } from '../cards/alert-card.js';
import { CARD_VERBS, type CardVerb } from '../cards/card-verbs.js';
import { renderDigestCard } from '../cards/digest-card.js';
import { Messages } from '../src/i18n/messages.js';
import { CardRenderPage } from '../test/support/card-render-page.js';
import { seedDigestView } from '../test/support/product-other-cards.js';
import { SeedAlerts } from '../test/support/seed-tenant.js';

const DOCS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs');
/** A fixed clock: the seed is laid out relative to it, so the pictures only change when a card does. */
const NOW = new Date('2026-03-10T07:00:00.000Z');
/** About the width of a card in a Teams channel on a desktop. */
const WIDTH = 500;

const seed = new SeedAlerts(NOW);
const alert = seed.find(
  'a new high-severity DLP alert with a file',
  (a) => a.source === 'dataLossPrevention' && a.severity === 'high' && a.status === 'new' && !!a.file,
);
const pictures = [
  {
    file: 'alert-card.png',
    card: renderAlertCard(alert, {
      actions: new Set<CardVerb>(CARD_VERBS),
      detail: 'full',
      now: NOW,
      i18n: new Messages().translator({ locale: 'en-US' }),
    }),
  },
  { file: 'digest-card.png', card: renderDigestCard(seedDigestView(seed, NOW)) },
];

mkdirSync(DOCS, { recursive: true });
const page = await CardRenderPage.open();
try {
  for (const { file, card } of pictures) {
    await page.screenshot(card, { width: WIDTH, theme: 'light' }, path.join(DOCS, file));
    console.log(`wrote docs/${file}`);
  }
} finally {
  await page.close();
}
