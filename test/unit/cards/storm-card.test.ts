import { strict as assert } from 'node:assert';
import { renderStormCard } from '../../../cards/storm-card.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { Alert } from '../../../src/triage/alert.js';
import { validateAdaptiveCard } from '../../support/card-schema.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const messages = new Messages();

function member(n: number, minutes: number): Alert {
  const at = new Date(NOW.getTime() - 60 * 60_000 + minutes * 60_000).toISOString();
  return {
    id: `dl-storm-${n}`,
    title: `Match **${n}** [link](https://evil.example)`,
    severity: 'high',
    status: 'new',
    classification: 'unknown',
    determination: 'unknown',
    createdAt: at,
    lastUpdatedAt: at,
    policyName: 'Contoso *PCI*',
    workload: 'OneDrive',
    subject: { id: 'a1b2c3d4-0000-4000-8000-000000000099' },
    sensitiveInfoTypes: [],
    comments: [],
  };
}
const members = [member(3, 8), member(2, 4), member(1, 0)];
const view = { stormId: 'dl-storm-0', revision: 7, policyName: 'Contoso *PCI*', members };

describe('storm card', () => {
  it('says how many more matches of which policy in how many minutes, lists them with Open, and is valid', () => {
    const card = renderStormCard(view, { i18n: messages.translator(), now: NOW });
    assert.deepEqual(validateAdaptiveCard(card), []);
    const json = JSON.stringify(card);
    assert.match(json, /3 more matches of Contoso \\\\\*PCI\\\\\* by the same user in 8 minutes/);
    const opens = [...json.matchAll(/"verb":"alert.openHere","data":\{"alertId":"([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(opens, ['dl-storm-3', 'dl-storm-2', 'dl-storm-1'], 'newest first, each with Open');
  });

  it('escapes titles and names no one', () => {
    const json = JSON.stringify(renderStormCard(view, { i18n: messages.translator(), now: NOW }));
    const texts = [...json.matchAll(/"text":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
    assert.ok(texts.some((t) => t.includes('Match')));
    for (const t of texts.filter((x) => x.includes('Match')).map((x) => x.slice(x.indexOf('Match'))))
      assert.doesNotMatch(t, /(?<!\\)\*|(?<!\\)\]\(/, `markdown in "${t}" is escaped`);
    assert.doesNotMatch(json, /a1b2c3d4-0000-4000-8000-000000000099/, 'not even the user object id');
  });

  it('every action carries the storm and the revision drawn', () => {
    const json = JSON.stringify(renderStormCard(view, { i18n: messages.translator(), now: NOW }));
    for (const verb of ['storm.assignToMe', 'storm.assign', 'storm.classify', 'storm.setStatus'])
      assert.match(
        json,
        new RegExp(`"verb":"${verb.replace('.', '\\.')}","data":\\{"stormId":"dl-storm-0","revision":7\\}`),
      );
  });

  it('reads in every language, and shows results first when answering an action', () => {
    for (const locale of ['de-DE', 'fr-FR', 'es-ES', 'ja-JP']) {
      const i18n = messages.translator({ locale });
      const card = renderStormCard(view, {
        i18n,
        now: NOW,
        results: { done: 1, refused: 0, lines: [i18n.t('storm.results', { done: 1, refused: 0 }), '✔ *x*'] },
      });
      assert.deepEqual(validateAdaptiveCard(card), [], locale);
      const first = (card.body as any[])[0];
      assert.equal(first.type, 'Container');
      assert.equal(first.items[1].text, '✔ \\*x\\*');
      assert.doesNotMatch(JSON.stringify(card), /more matches of/, `${locale} is translated`);
    }
  });
});
