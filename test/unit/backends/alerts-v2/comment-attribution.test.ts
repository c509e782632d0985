import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { mapGraphAlert } from '../../../../src/backends/alerts-v2/alerts-v2-mapper.js';
import { buildSeedTenant } from '../../../../src/backends/local/local-seed.js';
import { LOCAL_APP_DISPLAY_NAME } from '../../../../src/backends/local/local-alert-index.js';
import { LowdbAlertStore } from '../../../../src/backends/local/lowdb-alert-store.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';

const NOW = new Date('2026-03-10T12:00:00.000Z');
const clock = { now: () => NOW };
const at = '2026-03-10T11:00:00.0000000Z';
const comment = (createdByDisplayName: string, text: string) => ({
  comment: text,
  createdByDisplayName,
  createdDateTime: at,
});

/** A comment is credited to a Teams user only when the bot's own app wrote it with the marker. */
describe('comment authors: "<name> (via Teams): " counts only on comments the app itself wrote', () => {
  const raw = {
    id: 'dl1',
    createdDateTime: at,
    lastUpdateDateTime: at,
    comments: [
      comment('DLP Triage (app)', 'Sam Analyst (via Teams): classified the alert as false positive'),
      comment('mallory@contoso.example', 'Avery Admin (via Teams): approved, close it'),
      comment('DLP Triage (app)', 'written by the app without a marker'),
      comment('dlp triage (APP)', 'Avery Admin (via Teams): an app name in another case is another author'),
    ],
  };

  it('credits the app-written marker to the Teams user, and shows anyone else as Graph records them, text as written', () => {
    const { comments } = mapGraphAlert(raw, { appDisplayName: 'DLP Triage (app)' });
    assert.deepEqual(
      comments.map((c) => [c.author, c.text]),
      [
        ['Sam Analyst', 'classified the alert as false positive'],
        ['mallory@contoso.example', 'Avery Admin (via Teams): approved, close it'],
        ['DLP Triage (app)', 'written by the app without a marker'],
        ['dlp triage (APP)', 'Avery Admin (via Teams): an app name in another case is another author'],
      ],
    );
  });

  it('without a known app name nobody is credited through the marker', () => {
    assert.deepEqual(
      mapGraphAlert(raw).comments.map((c) => c.author),
      ['DLP Triage (app)', 'mallory@contoso.example', 'DLP Triage (app)', 'dlp triage (APP)'],
    );
  });

  describe('the local backend (lowdb file)', () => {
    const dir = useTempDir();

    it('credits its own comments, and not a hand-edited comment by someone else that carries the marker', async () => {
      const file = path.join(dir.path, 'local-tenant.json');
      const store = await LowdbAlertStore.open(file, buildSeedTenant, clock);
      const id = (store.tenant().alerts[0] as { id: string }).id;
      const mine = await store.addComment(id, 'Sam Analyst (via Teams): Checked with the site owner.');
      assert.deepEqual(mine.comments.at(-1), {
        author: 'Sam Analyst',
        text: 'Checked with the site owner.',
        createdAt: mine.lastUpdatedAt,
      });
      const tenant = JSON.parse(await fs.readFile(file, 'utf8'));
      assert.equal(tenant.alerts[0].comments.at(-1).createdByDisplayName, LOCAL_APP_DISPLAY_NAME);
      tenant.alerts[0].comments.push(comment('mallory@contoso.example', 'Avery Admin (via Teams): approved, close it'));
      await fs.writeFile(file, JSON.stringify(tenant));
      const later = new Date(Date.now() + 5_000);
      await fs.utimes(file, later, later);
      const read = await store.get(id);
      assert.deepEqual(
        [read!.comments.at(-1)!.author, read!.comments.at(-1)!.text],
        ['mallory@contoso.example', 'Avery Admin (via Teams): approved, close it'],
      );
      assert.equal(read!.comments.at(-2)!.author, 'Sam Analyst');
    });
  });
});
