import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { outcomeText } from '../../../bot/outcome-text.js';
import { isMessageKey } from '../../../src/i18n/catalogue.js';
import { Messages } from '../../../src/i18n/messages.js';
import type { UpdateResult } from '../../../src/triage/alert-updates.js';
import { alertWith } from '../../support/alerts.js';

const messages = new Messages();
const result = (message: string, said?: UpdateResult['said']): UpdateResult => ({
  alert: alertWith('dl-1'),
  changed: true,
  message,
  said,
});

describe('what an update did, in the reader’s language', () => {
  const classified = result('Classified as true positive (malicious user activity) and resolved.', {
    key: 'alertCard.done.classified',
    data: { classification: 'truePositive', determination: 'maliciousUserActivity', resolved: 'yes' },
  });

  it('English readers get the domain’s own line', () => {
    assert.equal(outcomeText(classified, messages.translator({ locale: 'en-GB' })), classified.message);
  });

  it('others get the catalogue message, the wire values worded as labels', () => {
    const text = (locale: string, r: UpdateResult) => outcomeText(r, messages.translator({ locale }));
    assert.equal(
      text('de-DE', classified),
      'Als „Richtig positiv (Böswillige Benutzeraktivität)“ klassifiziert und aufgelöst.',
    );
    assert.equal(
      text('fr-FR', classified),
      'Classée vrai positif (activité malveillante de l’utilisateur) et résolue.',
    );
    const status = result('Status set to in progress.', {
      key: 'alertCard.done.statusSet',
      data: { status: 'inProgress' },
    });
    assert.equal(text('ja-JP', status), '状態を「進行中」に設定しました。');
    assert.equal(text('es-ES', status), 'Estado cambiado a en curso.');
    const assigned = result('Assigned to Sam.', { key: 'alertCard.done.assigned', data: { name: 'Sam **A**' } });
    assert.equal(text('de-DE', assigned), 'Sam **A** zugewiesen.', 'names stay as they are (escaped where shown)');
  });

  it('an update without a catalogue message, or naming one that does not exist, keeps its English line', () => {
    const de = messages.translator({ locale: 'de-DE' });
    assert.equal(outcomeText(result('Done.'), de), 'Done.');
    assert.equal(outcomeText(result('Done.', { key: 'alertCard.done.nope' }), de), 'Done.');
    const odd = result('x', { key: 'alertCard.done.alreadyStatus', data: { status: '__proto__' } });
    assert.equal(outcomeText(odd, de), 'Die Warnung ist bereits „Unbekannt“.');
  });

  it('every catalogue key the domain names exists', async () => {
    const dir = path.join(import.meta.dirname, '../../../src/triage');
    const keys = new Set<string>();
    for (const file of await fs.readdir(dir)) {
      if (!file.endsWith('.ts')) continue;
      const source = await fs.readFile(path.join(dir, file), 'utf8');
      for (const [key] of source.matchAll(/alertCard\.done\.\w+/g)) keys.add(key);
    }
    assert.ok(keys.size >= 9, [...keys].join());
    assert.deepEqual(
      [...keys].filter((k) => !isMessageKey(k)),
      [],
    );
  });
});
