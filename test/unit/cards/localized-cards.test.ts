import { strict as assert } from 'node:assert';
import { renderAlertListCard } from '../../../cards/alert-list-card.js';
import { renderHelpCard } from '../../../cards/help-card.js';
import { renderRemediationPlanCard, renderRemediationResultCard } from '../../../cards/remediation-card.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { Translator } from '../../../src/i18n/translator.js';
import { alertWith } from '../../support/alerts.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { englishLeft, shownTexts } from '../../support/localized-texts.js';
import { REMEDIATION_ALERT, SHARING_PLAN, sharingRun } from '../../support/remediation-fixtures.js';

const messages = new Messages();
const NOW = new Date('2026-11-23T18:00:00.000Z');
const ALERTS = [
  alertWith('dl-1', { title: 'Card numbers in an e-mail to a partner', createdAt: '2026-11-23T15:00:00Z' }),
  alertWith('dl-2', { title: 'Passport scan shared', severity: 'medium', status: 'inProgress' }),
];

/** Every card this part converts, drawn for one reader. */
function cards(i18n: Translator): Record<string, unknown> {
  return {
    help: renderHelpCard([{ usage: 'alert <id>', description: 'Post that alert.' }], i18n, 'I did not understand "x".'),
    list: renderAlertListCard(i18n.t('lists.myAlerts', { count: 2 }), ALERTS, NOW, 'none', {
      i18n,
      threadUrl: () => 'https://teams.microsoft.com/l/message/19:a/1',
    }),
    plan: renderRemediationPlanCard(REMEDIATION_ALERT, SHARING_PLAN, i18n),
    dryRun: renderRemediationPlanCard(REMEDIATION_ALERT, { ...SHARING_PLAN, mode: 'dryRun' }, i18n),
    result: renderRemediationResultCard(sharingRun('doneButExposed'), i18n),
    undo: renderRemediationResultCard(sharingRun('partlyFailed', 'undo'), i18n),
  };
}

/** What stays as it is in every language: the data on the cards (titles, steps, names, products) and ids. */
const DATA = [
  'I did not understand "x".',
  'alert \\<id\\>',
  'Post that alert.',
  REMEDIATION_ALERT.title,
  ...SHARING_PLAN.steps.map((s) => s.description),
  'Removed.',
  'Left as it is.',
  '✓',
  '–',
];

describe('converted cards in the reader’s language and zone', () => {
  const english = cards(messages.translator({ locale: 'en-US' }));

  for (const locale of ['de-DE', 'ja-JP', 'fr-FR', 'es-ES']) {
    it(`${locale}: every card is valid Adaptive Card 1.5 and no English label is left`, () => {
      const translated = cards(messages.translator({ locale }));
      for (const [name, card] of Object.entries(translated)) {
        assert.deepEqual(validateAdaptiveCard(card), [], name);
        const left = englishLeft(english[name], card, DATA).filter((t) => !/^(\d+\\?\.|–) /.test(t));
        assert.deepEqual(left, [], `${name} in ${locale}`);
      }
    });
  }

  it('the plan card shows until when in Tokyo time for a ja-JP reader in Asia/Tokyo', () => {
    const card = renderRemediationPlanCard(
      REMEDIATION_ALERT,
      SHARING_PLAN,
      messages.translator({ locale: 'ja-JP', timeZone: 'Asia/Tokyo' }),
    );
    assert.ok(
      shownTexts(card).includes('この計画を確認できるのは Rui Responder のみで、期限は 2:10 JST、1 回限りです。'),
      JSON.stringify(shownTexts(card)),
    );
  });

  it('the list card gives severity, status and age in German', () => {
    const card = renderAlertListCard('x', ALERTS, NOW, 'none', { i18n: messages.translator({ locale: 'de-DE' }) });
    const texts = shownTexts(card);
    assert.ok(texts.includes('**Hoch** · Card numbers in an e-mail to a partner'), JSON.stringify(texts));
    assert.ok(texts.includes('Neu · erkannt vor 3 Std. · SharePoint'), JSON.stringify(texts));
    assert.ok(texts.includes('In Bearbeitung · erkannt vor 8\u00a0Monaten · SharePoint'), JSON.stringify(texts));
  });
});
