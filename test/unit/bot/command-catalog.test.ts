import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEXT_COMMAND_SPECS, manifestCommands } from '../../../bot/command-catalog.js';
import { composeApp } from '../../../src/app/app.js';
import { loadConfig } from '../../../src/config.js';
import { createLogger } from '../../../src/logger.js';

describe('the command catalog (Teams command menu) and the running bot agree', () => {
  let dir: string;
  before(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-catalog-'));
  });
  after(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('the composed app registers exactly the catalog’s text commands, with the same texts', async () => {
    const app = await composeApp(loadConfig({ DATA_DIR: dir, PORT: '0' }), createLogger('silent'));
    try {
      const running = app.registry.textCommands.map((c) => [c.name, c.usage, c.description, c.menu ?? '']);
      const catalog = TEXT_COMMAND_SPECS.map((c) => [c.name, c.usage, c.description, c.menu ?? '']);
      assert.deepEqual([...running].sort(), [...catalog].sort());
    } finally {
      await app.stop();
    }
  });

  it('the personal menu leaves out commands that work in a team channel only', () => {
    const team = manifestCommands('team').map((c) => c.title);
    const personal = manifestCommands('personal').map((c) => c.title);
    assert.deepEqual(
      team.filter((t) => !personal.includes(t)),
      ['triage here', 'route add', 'route remove'],
    );
  });
});
