import { strict as assert } from 'node:assert';
import * as ACData from 'adaptivecards-templating';
import { AlertViews } from '../../../bot/alert-views.js';
import { renderAlertCard } from '../../../cards/alert-card.js';
import { CompiledTemplate, checkCompiledAgainstLibrary, templateExpansions } from '../../../cards/compiled-template.js';
import alertCardTemplate from '../../../cards/templates/alert-card.json' with { type: 'json' };
import { LocalDirectory } from '../../../src/backends/local/local-directory.js';
import { PERSONAS } from '../../../src/backends/local/local-seed.js';
import { Messages } from '../../../src/i18n/messages.js';
import { AccessService } from '../../../src/triage/access/access-service.js';
import { channelSummary, type Alert } from '../../../src/triage/alert.js';
import { demoPolicy, who } from '../../support/demo-access.js';
import { SeedAlerts } from '../../support/seed-tenant.js';
import { alertVerbRegistry } from '../../support/verb-registry.js';

const i18n = new Messages().translator();
const library = (template: unknown, root: object) => new ACData.Template(template).expand({ $root: root });

/** Expands with both; they must agree. Returns whether the compiled form answered (not the library). */
function agree(template: unknown, root: object): boolean {
  const before = templateExpansions();
  const compiled = new CompiledTemplate(template);
  const [ours, theirs] = [compiled.expand(root), library(template, root)];
  assert.deepStrictEqual(ours, theirs, JSON.stringify(template));
  assert.equal(JSON.stringify(ours), JSON.stringify(theirs), 'the same text, key order included');
  return templateExpansions().compiled > before.compiled;
}

const DATA = {
  s: 'x',
  n: 3,
  zero: 0,
  yes: true,
  no: false,
  text: 'true',
  arr: ['a', 'b'],
  none: [] as unknown[],
  one: [{ t: 'only' }],
  many: [
    { t: 'a', flag: true },
    { t: 'b', flag: false },
    { t: 'c', flag: true },
  ],
  obj: { t: 'inner', deep: { u: 'deeper' } },
  nested: [
    { t: 'o1', items: [{ v: 1 }, { v: 2 }] },
    { t: 'o2', items: [] },
  ],
  nul: null,
  show: { a: true, b: false },
};

describe('CompiledTemplate: the same expansion as adaptivecards-templating', () => {
  it('compiles plain bindings and answers as the library does', () => {
    const cases: unknown[] = [
      { text: 'a ${s} b ${n} c ${no} ${zero}', whole: '${n}', flag: '${yes}', list: '${arr}', o: '${obj}' },
      { deep: '${obj.deep.u}', root: '${$root.s}', data: '${$data.s}', lit: 'no binding', num: 4, nul: null },
      { body: [{ $when: '${yes}', t: 1 }, { $when: '${no}', t: 2 }, { $when: '${text}', t: 3 }, { $when: '${n}' }] },
      {
        body: [
          { $when: '${!no}', t: 1 },
          { $when: '${!yes}', t: 2 },
        ],
        p: { $when: '${no}', t: 3 },
      },
      { zero: [{ $data: '${none}', t: '${t}' }], one: [{ $data: '${one}', t: '${t}' }], many: [{ $data: '${many}' }] },
      { asProp: { $data: '${none}', t: 1 }, oneProp: { $data: '${one}', t: '${t}' }, many: { $data: '${many}' } },
      { when: [{ $data: '${many}', $when: '${flag}', t: '${t} of ${$root.s}' }] },
      { scope: { $data: '${obj}', t: '${t}', u: '${deep.u}', r: '${$root.n}' } },
      { o: [{ $data: '${nested}', t: '${t}', c: [{ $data: '${items}', v: '${v}', up: '${$root.s}' }] }] },
      { strings: [{ $data: '${arr}', text: '${$data}!' }] },
      { flat: [[1, 2], [3], null, 4, '${arr}'], $index: 1, $root: 2, $host: 3, kept: true },
      [{ $when: '${no}' }, { $data: '${none}' }],
      { $when: '${no}' },
    ];
    for (const template of cases) assert.ok(agree(template, DATA), `compiled: ${JSON.stringify(template)}`);
  });

  it('leaves to the library what the compiled form cannot answer for the data given', () => {
    const cases: unknown[] = [
      { t: '${missing}' },
      { t: 'a ${missing} b' },
      { t: '${nul}' },
      { t: 'x ${obj}' },
      { t: 'x ${arr}' },
      { t: '${arr.length}' },
      { t: '${s.length}' },
      { b: [{ $when: '${!text}' }] },
      { b: [{ $when: '${missing}' }] },
      { b: [{ $data: '${missing}', t: 1 }] },
      { b: [{ $data: '${many}', t: '${missingInItem}' }] },
      { T: '${S}' }, // the library matches names ignoring case
    ];
    for (const template of cases) assert.equal(agree(template, DATA), false, JSON.stringify(template));
    assert.ok(new CompiledTemplate(cases[0]).isCompiled, 'the template itself compiles');
  });

  it('does not compile other expressions, and the library expands them', () => {
    const cases: unknown[] = [
      { t: "${if(yes, 'y', 'n')}" },
      { t: '${n + 1}' },
      { t: '${$index}' },
      { t: '${ s }' },
      { t: '${true}' },
      { t: 'a\\b ${s}' },
      { t: 'a `q` ${s}' },
      { t: '${!yes}' },
      { b: [{ $when: true, t: 1 }] },
      { b: [{ $when: 'no binding', t: 1 }] },
      { b: [{ $data: [{ t: 1 }], t: '${t}' }] },
      { b: [{ $data: '${!many}' }] },
    ];
    for (const template of cases) {
      const refused = (() => {
        try {
          return void new ACData.Template(template);
        } catch (e) {
          return e;
        }
      })();
      if (refused) {
        assert.throws(() => new CompiledTemplate(template), 'what the library cannot read, neither can it');
        continue;
      }
      assert.equal(new CompiledTemplate(template).isCompiled, false, JSON.stringify(template));
      assert.equal(agree(template, DATA), false);
    }
  });
});

describe('the alert card through the compiled template', () => {
  after(() => checkCompiledAgainstLibrary(false));

  it('is compiled whole, and every card drawn from the seed is the one the library draws', async () => {
    assert.ok(new CompiledTemplate(alertCardTemplate).isCompiled, 'every binding of the alert card is a plain path');
    checkCompiledAgainstLibrary(true); // each expansion below is compared with the library's, and throws if it differs
    const now = new Date('2026-11-23T14:05:00.000Z');
    const seed = new SeedAlerts(now);
    const directory = new LocalDirectory(() => seed.tenant);
    const access = new AccessService(directory, demoPolicy, {
      append: async () => undefined,
      forAlert: async () => [],
    });
    const links = () => [{ url: 'https://dlp.example/share/v1.abc', expiresAt: '2026-11-30T14:05:00.000Z' }];
    const extras = { people: directory, sla: { high: 4, medium: 24, low: 72 } };
    const views = new AlertViews(access, { now: () => now }, alertVerbRegistry(), undefined, links, extras);
    const before = templateExpansions();
    let cards = 0;
    const commented = (a: Alert): Alert => ({
      ...a,
      comments: [{ text: 'Checked *twice*', author: 'Sam Analyst', createdAt: '2026-11-23T13:00:00.000Z' }],
    });
    for (const alert of seed.alerts.flatMap((a) => [a, commented(a)])) {
      await views.channelCard(alert, ['29:one', '29:two']);
      cards++;
      for (const p of PERSONAS) {
        for (const draw of [
          () => views.userCard(who(p), alert, { i18n, notice: { text: 'Assigned to *you*', tone: 'info' } }),
          () => views.detailsCard(who(p), alert, { i18n }),
        ]) {
          if (
            await draw().then(
              () => true,
              () => false,
            )
          )
            cards++;
        }
      }
    }
    const choices = [{ title: 'Sam Analyst', value: PERSONAS[1].id }];
    renderAlertCard(channelSummary(seed.alerts[0]!), {
      actions: new Set(['alert.assign']),
      now,
      assigneeChoices: choices,
      i18n,
    });
    const after = templateExpansions();
    assert.ok(cards > 300, `${cards} cards`);
    assert.equal(after.library - before.library, 0, 'none needed the library');
    assert.equal(after.compiled - before.compiled, cards + 1);
  });
});
