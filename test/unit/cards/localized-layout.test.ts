import { strict as assert } from 'node:assert';
import { renderAlertListCard } from '../../../cards/alert-list-card.js';
import { renderHelpCard } from '../../../cards/help-card.js';
import { renderRemediationPlanCard, renderRemediationResultCard } from '../../../cards/remediation-card.js';
import type { MessageKey } from '../../../src/i18n/catalogue.js';
import { Messages, type MessageValues } from '../../../src/i18n/messages.js';
import { Translator } from '../../../src/i18n/translator.js';
import { alertWith } from '../../support/alerts.js';
import { CardLayout } from '../../support/card-layout.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { shownTexts } from '../../support/localized-texts.js';
import { REMEDIATION_ALERT, SHARING_PLAN, sharingRun } from '../../support/remediation-fixtures.js';

/**
 * A pseudo-locale: every English message 40 % longer, as German or French often are, with accented
 * letters and long words (a German compound does not break where a space would), so layout is tested
 * against text that grows, not against English.
 */
class PaddedTranslator extends Translator {
  constructor() {
    super(new Messages(), 'en', 'en-US', 'UTC');
  }

  override t(key: MessageKey, values?: MessageValues): string {
    const text = super.t(key, values);
    const extra = Math.ceil(text.length * 0.4);
    const padding = 'Ŵöřđŝťàçķéñůñĝ'.repeat(Math.ceil(extra / 14)).slice(0, extra);
    return `${text} ${padding}`;
  }
}

const NOW = new Date('2026-11-23T18:00:00.000Z');
const ALERTS = [
  alertWith('dl-1', { title: 'Card numbers in an e-mail to a partner', createdAt: '2026-11-23T15:00:00Z' }),
  alertWith('dl-2', { title: 'Passport scan shared with an external guest', severity: 'medium' }),
];

function cards(i18n: Translator): Record<string, unknown> {
  const help = [
    { usage: i18n.t('commands.digest.usage'), description: i18n.t('commands.digest.description') },
    { usage: i18n.t('commands.triageHere.usage'), description: i18n.t('commands.triageHere.description') },
  ];
  return {
    help: renderHelpCard(help, i18n, i18n.t('help.notUnderstood', { text: 'frobnicate' })),
    list: renderAlertListCard(i18n.t('lists.myAlertsHidden', { count: 2, hidden: 3 }), ALERTS, NOW, 'none', {
      i18n,
      threadUrl: () => 'https://teams.microsoft.com/l/message/19:a/1',
    }),
    plan: renderRemediationPlanCard(REMEDIATION_ALERT, { ...SHARING_PLAN, mode: 'dryRun' }, i18n),
    result: renderRemediationResultCard(sharingRun('doneButExposed'), i18n),
  };
}

const shownLength = (card: unknown) => shownTexts(card).join('').length;

/** Words from the start of each message that must be drawn inside the card. */
const visible = (i18n: Translator): string[] => [
  i18n.t('help.title').slice(0, 12),
  i18n.t('remediation.dryRunMode').slice(0, 12),
  i18n.t('remediation.run.doneButExposed').slice(0, 12),
];

describe('converted cards stay inside 320 px when the text grows (headless Chromium, adaptivecards renderer)', function () {
  this.timeout(60_000);
  let layout: CardLayout | undefined;
  before(async () => {
    layout = await CardLayout.open();
  });
  after(async () => {
    await layout?.close();
  });

  const messages = new Messages();
  const readers: [string, Translator][] = [
    ['a pseudo-locale 40 % longer than English', new PaddedTranslator()],
    ['German', messages.translator({ locale: 'de-DE', timeZone: 'Europe/Berlin' })],
    ['Japanese', messages.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' })],
  ];
  for (const [who, i18n] of readers) {
    it(`${who}: every card is valid, nothing reaches past the card, and the texts are drawn inside it`, async () => {
      const drawn = cards(i18n);
      const english = cards(messages.translator());
      for (const [name, card] of Object.entries(drawn)) {
        assert.deepEqual(validateAdaptiveCard(card), [], name);
        if (i18n instanceof PaddedTranslator)
          assert.ok(shownLength(card) > shownLength(english[name]) * 1.1, `${name}: its text grew`);
        const texts = visible(i18n).filter((t) => JSON.stringify(card).includes(t));
        const result = await layout!.measure(card, 320, texts);
        assert.ok(result.cardWidth <= 320.5, `${name}: ${result.cardWidth} px wide in a 320 px host`);
        assert.deepEqual(result.outside, [], `${name}: nothing reaches past the card`);
        assert.deepEqual(result.hidden, [], `${name}: its texts are drawn inside the card`);
      }
    });
  }
});
