import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FakeTeamsConnector, type RecordedCall } from '../support/fake-teams-connector.js';
import { BotProcess } from '../support/bot-process.js';
import { TEAM_ID, installInTeam } from '../support/activities.js';
import { alertIdIn } from '../support/recorded-calls.js';
import { dlpAlertsOf, readTenantFile } from '../support/seed-tenant.js';

const alertIdOf = (call: RecordedCall): string | undefined => alertIdIn(call.body?.activity);

/** The most calls that arrived within any span shorter than `windowMs` (minus a little network slack). */
function maxInWindow(times: number[], windowMs: number, slackMs = 40): number {
  let max = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs - slackMs) j++;
    max = Math.max(max, i - j + 1);
  }
  return max;
}

async function seededIds(dataDir: string): Promise<string[]> {
  return dlpAlertsOf(await readTenantFile(dataDir)).map((a) => a.id as string);
}

describe('black box: durable delivery under crashes and throttling', function () {
  this.timeout(180_000);
  const cleanup: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn();
  });

  async function setup(): Promise<{ connector: FakeTeamsConnector; serviceUrl: string; dataDir: string }> {
    const connector = new FakeTeamsConnector();
    const serviceUrl = await connector.start();
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-durable-'));
    cleanup.push(
      () => connector.stop(),
      () => fs.rm(dataDir, { recursive: true, force: true }),
    );
    return { connector, serviceUrl, dataDir };
  }

  it('SIGKILL in the middle of posting loses no alert and duplicates at most the one in flight', async () => {
    const { connector, serviceUrl, dataDir } = await setup();
    connector.latency = 150; // keep a call in flight most of the time
    let bot = new BotProcess({ DATA_DIR: dataDir });
    await bot.start();
    cleanup.push(() => bot.stop());
    const ids = await seededIds(dataDir);

    await bot.send(installInTeam({ serviceUrl }));
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= 10, 30_000);
    await bot.stop('SIGKILL');
    const beforeRestart = connector.threadsIn(TEAM_ID).length;
    assert.ok(beforeRestart < ids.length, 'the crash happened before the backlog was done');

    bot = new BotProcess({ DATA_DIR: dataDir });
    await bot.start();
    const posted = () => new Set(connector.threadsIn(TEAM_ID).map(alertIdOf));
    await connector.waitFor(() => ids.every((id) => posted().has(id)), 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // nothing more may follow

    const counts = new Map<string, number>();
    for (const call of connector.threadsIn(TEAM_ID))
      counts.set(alertIdOf(call)!, (counts.get(alertIdOf(call)!) ?? 0) + 1);
    const duplicated = [...counts].filter(([, n]) => n > 1);
    assert.ok(duplicated.length <= 1, `at most one alert posted twice, got ${JSON.stringify(duplicated)}`);
    assert.deepEqual([...counts.keys()].sort(), [...ids].sort(), 'every alert posted');
  });

  it('a connector answering 429 (Retry-After: 2) to every third call still gets every card, within the Teams limits', async () => {
    const { connector, serviceUrl, dataDir } = await setup();
    connector.failWhen(({ index }) => (index % 3 === 2 ? { status: 429, headers: { 'Retry-After': '2' } } : undefined));
    const bot = new BotProcess({ DATA_DIR: dataDir });
    await bot.start();
    cleanup.push(() => bot.stop());
    const ids = await seededIds(dataDir);

    await bot.send(installInTeam({ serviceUrl }));
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= ids.length, 150_000);
    await new Promise((r) => setTimeout(r, 1000));

    const threads = connector.threadsIn(TEAM_ID);
    assert.deepEqual(threads.map(alertIdOf).sort(), [...ids].sort(), 'every alert exactly once');

    // Every attempt counts against the limits, the throttled ones too.
    const attempts = connector.calls.filter((c) => c.method === 'POST' && /\/v3\/conversations\/?$/.test(c.path));
    assert.ok(
      attempts.some((c) => c.status === 429),
      'the connector did throttle',
    );
    const times = attempts.map((c) => c.at);
    assert.ok(maxInWindow(times, 1_000) <= 7, `at most 7 per second, saw ${maxInWindow(times, 1_000)}`);
    assert.ok(maxInWindow(times, 2_000) <= 8, `at most 8 per 2 s, saw ${maxInWindow(times, 2_000)}`);
    assert.ok(maxInWindow(times, 30_000) <= 60, `at most 60 per 30 s, saw ${maxInWindow(times, 30_000)}`);

    // After a 429 the channel waits out Retry-After before its next call.
    for (let i = 0; i < attempts.length - 1; i++) {
      if (attempts[i]!.status !== 429) continue;
      const gap = attempts[i + 1]!.at - attempts[i]!.at;
      assert.ok(gap >= 1_950, `call after a 429 came ${gap} ms later`);
    }
  });
});
