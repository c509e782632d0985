import { strict as assert } from 'node:assert';
import { renderInvestigatingCard, renderInvestigationCard as renderCard } from '../../../cards/investigation-card.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { ActivityEvent } from '../../../src/triage/investigation/activity.js';
import { DLP_EVENTS_COMMENT } from '../../../src/triage/investigation/hunting-query.js';
import { summarise, type Investigation } from '../../../src/triage/investigation/investigation.js';
import { CardLayout } from '../../support/card-layout.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';
import { executeActions, textsOf } from '../../support/card-tree.js';
import { LONG_FILE, alert, at, events, investigation } from './investigation-card-sample.js';

const i18n = new Messages().translator();
const renderInvestigationCard = (i: Investigation) => renderCard(i, i18n);

describe('investigation card', () => {
  it('is a valid Adaptive Card 1.5 with the five sections, Open buttons for related alerts and the hunting link', () => {
    const card = renderInvestigationCard(investigation());
    assert.deepEqual(validateAdaptiveCard(card), []);
    const texts = textsOf(card).join('\n');
    for (const part of [
      'Activity around the alert',
      'Same incident (1)',
      'Same user, last 30 days (1)',
      "The user's history",
      'Evidence',
      'The query',
    ]) {
      assert.ok(texts.includes(part), part);
    }
    assert.match(texts, /uncommon for this user/);
    assert.match(texts, /2 false positive/);
    assert.deepEqual(
      executeActions(card)
        .filter((a) => a.verb === 'alert.open')
        .map((a) => a.data.alertId),
      ['mde-1', 'dl-old'],
    );
    assert.ok(JSON.stringify(card).includes('"Open in advanced hunting"'));
  });

  it('escapes what the data says: object names and user names cannot add links or formatting', () => {
    const texts = textsOf(renderInvestigationCard(investigation())).join('\n');
    assert.ok(texts.includes('\\[click\\](https://evil.example)'));
    assert.ok(texts.includes('Priya \\[Finance\\]'));
  });

  it('a DLP event of DataSecurityEvents reads as a DLP match with its enforcement; the query section shows both queries', () => {
    const dlp: ActivityEvent = {
      at: at(3),
      actionType: 'FileUploaded',
      application: 'OneDrive',
      objectName: 'q3.xlsx',
      uncommonForUser: false,
      dlpEnforcement: 'warnOverridden',
    };
    const card = renderInvestigationCard(
      investigation({ activity: { kind: 'events', summary: summarise([...events, dlp], 3) } }),
    );
    assert.deepEqual(validateAdaptiveCard(card), []);
    const texts = textsOf(card);
    assert.ok(
      texts.some((t) => t.includes('DLP match (warned, overridden) · FileUploaded · q3.xlsx · OneDrive')),
      texts.join('\n'),
    );
    const shown = texts.find((t) => t.includes('CloudAppEvents'))!;
    assert.ok(shown.includes(DLP_EVENTS_COMMENT) && shown.includes('DataSecurityEvents'), shown);
  });

  it('says in one line when the tenant records no activity, and offers a retry when the query could not run', () => {
    const notRecorded = textsOf(renderInvestigationCard(investigation({ activity: { kind: 'notRecorded' } }))).join(
      '\n',
    );
    assert.match(notRecorded, /does not record user activity/);
    const throttled = renderInvestigationCard(
      investigation({ activity: { kind: 'unavailable', reason: 'throttled', retryAfterSeconds: 30 } }),
    );
    assert.match(textsOf(throttled).join('\n'), /was throttled\. Try again in 30 s/);
    assert.ok(executeActions(throttled).some((a) => a.verb === 'alert.investigate'));
    assert.deepEqual(validateAdaptiveCard(throttled), []);
  });

  it('the waiting card names nothing of the alert and is refreshed for the clicker only', () => {
    const card = renderInvestigatingCard('dl-inv-1', '29:sam', i18n);
    assert.deepEqual(validateAdaptiveCard(card), []);
    assert.ok(!JSON.stringify(card).includes(alert.title));
    assert.deepEqual((card.refresh as { userIds: string[] }).userIds, ['29:sam']);
  });

  describe('layout in the Adaptive Cards renderer (headless Chromium)', function () {
    this.timeout(60_000);
    let layout: CardLayout | undefined;
    before(async () => {
      layout = await CardLayout.open();
    });
    after(async () => {
      await layout?.close();
    });

    for (const width of [320, 500]) {
      it(`at ${width} px nothing reaches past the card and the long file name and the query stay readable`, async () => {
        const result = await layout!.measure(renderInvestigationCard(investigation()), width, [
          LONG_FILE.slice(0, 30),
          'CloudAppEvents',
          'DataSecurityEvents',
        ]);
        assert.ok(result.cardWidth <= width + 0.5, `${result.cardWidth} px in ${width}`);
        assert.deepEqual(result.outside, []);
        assert.deepEqual(result.hidden, []);
      });
    }
  });
});
