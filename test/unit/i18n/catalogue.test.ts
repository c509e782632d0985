import { strict as assert } from 'node:assert';
import { IntlMessageFormat } from 'intl-messageformat';
import { TEXT_COMMAND_SPECS } from '../../../bot/command-catalog.js';
import { commandKey } from '../../../bot/command-texts.js';
import { CATALOGUES } from '../../../src/i18n/catalogue.js';
import { LANGUAGES } from '../../../src/i18n/languages.js';
import { SHARE_PAGE_SHOWS } from '../../../src/share/shared-alert-page.js';
import { ALERT_NOT_FOUND } from '../../../src/triage/triage-error.js';
import { PLAN_NOT_FOUND } from '../../../src/triage/remediation/plan-gate.js';
import { catalogueProblems, placeholdersOf } from '../../support/catalogue-check.js';

const { en, ...others } = CATALOGUES;

describe('message catalogues (src/i18n/messages/*.json)', () => {
  it('are English, German, French, Spanish and Japanese', () => {
    assert.deepEqual([...LANGUAGES].sort(), ['de', 'en', 'es', 'fr', 'ja']);
    assert.deepEqual(Object.keys(CATALOGUES).sort(), ['de', 'en', 'es', 'fr', 'ja']);
  });

  it('every language has exactly the English keys, every message parses, and placeholders match English', () => {
    assert.deepEqual(catalogueProblems(en, others), []);
  });

  it('the check itself catches a missing key, an extra key, a broken message and a changed placeholder', () => {
    const de = { ...CATALOGUES.de } as Record<string, string>;
    delete de['help.title'];
    de['help.extra'] = 'Zusatz';
    de['lists.more'] = '…und {anzahl, plural, other {# weitere}}.';
    de['routes.removed'] = 'Regel {n entfernt';
    de['lists.myAlerts'] = 'Ihre offenen Warnungen ({count})';
    assert.deepEqual(catalogueProblems(en, { de }).sort(), [
      'de lists.more: placeholders [anzahl:plural], the reference has [count:plural]',
      'de lists.myAlerts: placeholders [count:text], the reference has [count:number]',
      'de routes.removed: does not parse (MALFORMED_ARGUMENT)',
      'de: help.extra is not in the reference',
      'de: missing help.title',
    ]);
  });

  it('reads placeholders inside plural and select branches, with their kinds', () => {
    assert.deepEqual(placeholdersOf(en['errors.needRole']), ['action:text', 'more:plural', 'others:text', 'role:text']);
    assert.deepEqual(placeholdersOf('{a, select, x {{b, number}} other {}} {c, selectordinal, other {#}}'), [
      'a:select',
      'b:number',
      'c:selectordinal',
    ]);
  });

  it('every message formats in its language with sample values (plural rules from the platform)', () => {
    for (const language of LANGUAGES) {
      for (const [key, message] of Object.entries(CATALOGUES[language])) {
        const values = Object.fromEntries(
          placeholdersOf(message).map((p) => {
            const [name, kind] = p.split(':') as [string, string];
            return [name, kind === 'text' || kind === 'select' ? 'x' : 2];
          }),
        );
        const text = new IntlMessageFormat(message, language, undefined, { ignoreTag: true }).format(values);
        assert.ok(typeof text === 'string' && text.length > 0, `${language} ${key}`);
      }
    }
  });

  it('a fixed English error sentence formats to itself: domain errors without a key are found by that text', () => {
    for (const [key, message] of Object.entries(en)) {
      if (!key.startsWith('errors.') || message.includes('{')) continue;
      assert.equal(new IntlMessageFormat(message, 'en', undefined, { ignoreTag: true }).format(), message, key);
    }
    assert.equal(en['errors.alertNotFound'], ALERT_NOT_FOUND);
    assert.equal(en['errors.planNotFound'], PLAN_NOT_FOUND);
  });

  it("the share notice says in English exactly what the share page's own statement says", () => {
    assert.equal(en['notices.sharePageShows'], SHARE_PAGE_SHOWS);
  });

  it('every built-in text command has its usage and description in the catalogue, in English as its spec says', () => {
    for (const spec of TEXT_COMMAND_SPECS) {
      const base = `commands.${commandKey(spec.name)}`;
      assert.equal(en[`${base}.usage` as keyof typeof en], spec.usage, spec.name);
      assert.equal(en[`${base}.description` as keyof typeof en], spec.description, spec.name);
    }
  });
});
