import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { TEXT_COMMAND_SPECS } from '../../../bot/command-catalog.js';
import {
  APP_PACKAGE_DIR,
  PackageEnvError,
  buildAppPackage,
  checkIcons,
  fillPlaceholders,
  listPlaceholders,
  outlineBadPixels,
  parsePackageEnv,
  placeholderValues,
  validateManifest,
  withCommandLists,
} from '../../../scripts/app-package.js';

const BOT_ID = '00000000-0000-4000-8000-000000000abc';
const APP_ID = '11111111-2222-4333-8444-555555555555';
const ENV = { MicrosoftAppId: BOT_ID, TEAMS_APP_ID: APP_ID, PUBLIC_BASE_URL: 'https://dlp.contoso.example' };

const TEMPLATE = readFileSync(join(APP_PACKAGE_DIR, 'manifest.json'), 'utf8');

interface Command {
  title: string;
  description: string;
}
interface CommandList {
  scopes: string[];
  commands: Command[];
}
interface Manifest {
  $schema: string;
  manifestVersion: string;
  id: string;
  icons: { color: string; outline: string };
  bots: Array<{
    botId: string;
    scopes: string[];
    commandLists: CommandList[];
    supportsFiles: boolean;
    isNotificationOnly: boolean;
  }>;
  validDomains: string[];
  webApplicationInfo: { id: string; resource: string };
  authorization: { permissions: { resourceSpecific: Array<{ name: string; type: string }> } };
  description: { short: string; full: string };
  [key: string]: unknown;
}

function filled(values = placeholderValues(parsePackageEnv(ENV))): Manifest {
  return withCommandLists(JSON.parse(fillPlaceholders(TEMPLATE, values))) as Manifest;
}

/** Limits from the Teams docs manifest reference (the JSON schema itself allows title 128 / description 4000). */
const TITLE_MAX = 32;
const DESCRIPTION_MAX = 128;

/** The commands the bot really answers: the manifest's command menu must offer exactly these. */
const ALL_COMMANDS = TEXT_COMMAND_SPECS.map((c) => c.name);

describe('Teams app package', () => {
  describe('manifest template', () => {
    it('uses exactly the TEAMS_APP_ID, BOT_ID and BOT_DOMAIN placeholders', () => {
      assert.deepEqual(listPlaceholders(TEMPLATE).sort(), ['BOT_DOMAIN', 'BOT_ID', 'TEAMS_APP_ID']);
    });

    it('validates offline against its bundled schema once filled', async () => {
      const m = filled();
      assert.match(m.$schema, /\/json-schemas\/teams\/v1\.2[4-9]|v1\.30/);
      assert.equal(m.$schema.includes(`/v${m.manifestVersion}/`), true, '$schema matches manifestVersion');
      assert.deepEqual(await validateManifest(m), []);
    });

    it('reports a broken manifest (bad GUID)', async () => {
      const m = filled({ TEAMS_APP_ID: 'not-a-guid', BOT_ID: BOT_ID, BOT_DOMAIN: 'dlp.contoso.example' });
      const errors = await validateManifest(m);
      assert.ok(
        errors.some((e) => e.startsWith('/id ') && /pattern/.test(e)),
        errors.join('\n'),
      );

      const badBot = filled();
      badBot.bots[0]!.botId = '1234';
      badBot.bots[0]!.scopes = ['team', 'channel'];
      const botErrors = await validateManifest(badBot);
      assert.ok(
        botErrors.some((e) => e.startsWith('/bots/0/botId')),
        botErrors.join('\n'),
      );
      assert.ok(
        botErrors.some((e) => e.startsWith('/bots/0/scopes/1')),
        botErrors.join('\n'),
      );
    });

    it('refuses to validate against a schema it would have to download', async () => {
      const m = filled();
      m.$schema = 'https://example.com/MicrosoftTeams.schema.json';
      const errors = await validateManifest(m);
      assert.equal(errors.length, 1);
      assert.match(errors[0]!, /not one of the schemas bundled/);
    });

    it('fills placeholders and fails on unknown or leftover ones', () => {
      const m = filled();
      assert.equal(m.id, APP_ID);
      assert.equal(m.bots[0]!.botId, BOT_ID);
      assert.deepEqual(m.validDomains, ['dlp.contoso.example']);
      assert.deepEqual(m.webApplicationInfo, { id: BOT_ID, resource: `api://dlp.contoso.example/botid-${BOT_ID}` });
      assert.throws(() => fillPlaceholders('{"a":"${{NOPE}}"}', {}), /NOPE/);
      assert.throws(() => fillPlaceholders('{"a":"${{ bad-key }}"}', {}), /Unfilled placeholder/);
    });

    it('has one bot in team, personal and groupChat scopes with files off', () => {
      const m = filled();
      assert.equal(m.bots.length, 1);
      const bot = m.bots[0]!;
      for (const scope of ['team', 'personal', 'groupChat']) assert.ok(bot.scopes.includes(scope), scope);
      assert.equal(bot.supportsFiles, false);
      assert.equal(bot.isNotificationOnly, false);
    });

    it('declares the RSC permissions and says how message data is used', () => {
      const m = filled();
      const rsc = m.authorization.permissions.resourceSpecific;
      assert.ok(rsc.some((p) => p.name === 'ChannelMessage.Read.Group' && p.type === 'Application'));
      assert.ok(rsc.some((p) => p.name === 'ChatMessage.Read.Chat' && p.type === 'Application'));
      assert.match(m.description.full, /comment/);
      assert.match(m.description.full, /not stored/);
    });

    it('has unique command titles within limits, in a team and a personal list', async () => {
      const m = filled();
      const lists = m.bots[0]!.commandLists;
      const minor = Number(m.manifestVersion.split('.')[1]);
      const schemaMax = minor >= 24 ? 12 : 10; // bot commands per list: 10 up to v1.23, 12 from v1.24
      const team = lists.find((l) => l.scopes.includes('team'));
      const personal = lists.find((l) => l.scopes.includes('personal'));
      assert.ok(team && personal);
      for (const list of lists) {
        assert.ok(list.commands.length <= schemaMax, `${list.scopes.join()} has ${list.commands.length} commands`);
        const titles = list.commands.map((c) => c.title.toLowerCase());
        assert.equal(new Set(titles).size, titles.length, `duplicate title in ${list.scopes.join()}`);
        for (const c of list.commands) {
          assert.ok(c.title.length > 0 && c.title.length <= TITLE_MAX, `title "${c.title}"`);
          assert.ok(c.description.length > 0 && c.description.length <= DESCRIPTION_MAX, `description of "${c.title}"`);
          assert.ok(ALL_COMMANDS.includes(c.title), `unknown command "${c.title}"`);
        }
      }
      // Commands that work only in a personal chat (investigate) are left out of the team's menu.
      const teamCommands = TEXT_COMMAND_SPECS.filter((c) => !c.personalOnly).map((c) => c.name);
      assert.deepEqual(team.commands.map((c) => c.title).sort(), teamCommands.sort());
      assert.ok(
        personal.commands.some((c) => c.title === 'investigate'),
        'investigate is in the personal menu',
      );
      // The same command has the same description wherever it is listed.
      const descriptions = new Map<string, string>();
      for (const c of lists.flatMap((l) => l.commands)) {
        assert.equal(descriptions.get(c.title) ?? c.description, c.description, c.title);
        descriptions.set(c.title, c.description);
      }
      const dup = filled();
      dup.bots[0]!.commandLists[0]!.commands.push({ title: 'help', description: 'again' });
      assert.ok((await validateManifest(dup)).some((e) => /duplicate command title "help"/.test(e)));
    });
  });

  describe('icons', () => {
    const color = readFileSync(join(APP_PACKAGE_DIR, 'color.png'));
    const outline = readFileSync(join(APP_PACKAGE_DIR, 'outline.png'));

    it('are 192x192 (color) and 32x32 (outline)', () => {
      const c = PNG.sync.read(color);
      const o = PNG.sync.read(outline);
      assert.deepEqual([c.width, c.height], [192, 192]);
      assert.deepEqual([o.width, o.height], [32, 32]);
      assert.deepEqual(checkIcons(color, outline), []);
    });

    it('outline pixels are pure white or fully transparent, with something drawn', () => {
      const o = PNG.sync.read(outline);
      let visible = 0;
      for (let i = 0; i < o.data.length; i += 4) {
        const [r, g, b, a] = [o.data[i], o.data[i + 1], o.data[i + 2], o.data[i + 3]];
        if (a === 0) continue;
        visible++;
        assert.deepEqual([r, g, b], [255, 255, 255], `pixel ${i / 4}`);
      }
      assert.ok(visible > 50 && visible < 32 * 32 - 50, `${visible} visible pixels`);
      assert.equal(outlineBadPixels(o), 0);
    });

    it('checkIcons catches wrong sizes and a coloured outline', () => {
      const grey = new PNG({ width: 32, height: 32 });
      grey.data.fill(128);
      const errors = checkIcons(outline, PNG.sync.write(grey));
      assert.ok(
        errors.some((e) => /color icon must be 192x192/.test(e)),
        errors.join('\n'),
      );
      assert.ok(
        errors.some((e) => /neither pure white nor fully transparent/.test(e)),
        errors.join('\n'),
      );
    });
  });

  describe('environment', () => {
    it('names every missing key', () => {
      assert.throws(
        () => parsePackageEnv({}),
        (e: unknown) => {
          assert.ok(e instanceof PackageEnvError);
          assert.deepEqual(e.keys, ['MicrosoftAppId', 'PUBLIC_BASE_URL']);
          assert.match(e.message, /MicrosoftAppId: missing/);
          assert.match(e.message, /PUBLIC_BASE_URL: missing/);
          return true;
        },
      );
    });

    it('names every bad key, treating empty as missing', () => {
      assert.throws(
        () =>
          parsePackageEnv({ TEAMS_APP_ID: 'x', MicrosoftAppId: ' ', PUBLIC_BASE_URL: 'http://dlp.contoso.example' }),
        (e: unknown) =>
          e instanceof PackageEnvError &&
          e.keys.join() === 'TEAMS_APP_ID,MicrosoftAppId,PUBLIC_BASE_URL' &&
          /MicrosoftAppId: missing/.test(e.message) &&
          /PUBLIC_BASE_URL: must use https/.test(e.message),
      );
    });

    it('defaults TEAMS_APP_ID to the bot id and takes BOT_DOMAIN from the URL host', () => {
      const c = parsePackageEnv({
        MicrosoftAppId: BOT_ID,
        PUBLIC_BASE_URL: 'https://dlp.contoso.example:8443/api/messages',
        TEAMS_APP_ID: '',
      });
      assert.deepEqual(c, { teamsAppId: BOT_ID, botId: BOT_ID, botDomain: 'dlp.contoso.example:8443' });
    });

    it('the CLI exits non-zero naming the missing keys', () => {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH };
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/package-app.ts', '--no-dotenv'], {
        cwd: dirname(APP_PACKAGE_DIR),
        env,
        encoding: 'utf8',
      });
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /MicrosoftAppId/);
      assert.match(r.stderr, /PUBLIC_BASE_URL/);
    });
  });

  describe('zip', () => {
    it('has exactly manifest.json, color.png and outline.png at its root, with no placeholder left', async () => {
      const built = await buildAppPackage(ENV);
      const zip = new AdmZip(built.zip);
      const names = zip
        .getEntries()
        .map((e) => e.entryName)
        .sort();
      assert.deepEqual(names, ['color.png', 'manifest.json', 'outline.png']);
      const manifestText = zip.readAsText('manifest.json');
      assert.equal(manifestText.includes('${{'), false);
      const manifest = JSON.parse(manifestText) as Manifest;
      assert.equal(manifest.id, APP_ID);
      assert.deepEqual(await validateManifest(manifest), []);
      assert.deepEqual(zip.readFile('color.png'), readFileSync(join(APP_PACKAGE_DIR, 'color.png')));
      assert.deepEqual(zip.readFile('outline.png'), readFileSync(join(APP_PACKAGE_DIR, 'outline.png')));
    });

    it('is not built when the env is bad', async () => {
      await assert.rejects(
        buildAppPackage({ MicrosoftAppId: BOT_ID }),
        (e: unknown) => e instanceof PackageEnvError && e.keys.join() === 'PUBLIC_BASE_URL',
      );
    });
  });
});
