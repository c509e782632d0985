import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CARD_VERBS } from '../../cards/card-verbs.js';
import { TEAM_ID, cardAction, installInTeam } from '../support/activities.js';
import { BotProcess } from '../support/bot-process.js';
import { FakeTeamsConnector } from '../support/fake-teams-connector.js';
import { AS, NO_AAD_ID, type TeamsFrom } from '../support/personas.js';
import { startBlackBox, stopBlackBox } from '../support/black-box.js';
import { dlpAlertsOf, readTenantFile } from '../support/seed-tenant.js';

type Json = any;
const SEED = 0x5eed_2026;
const PAYLOADS = 2_000;
const BATCH = 20;

/** mulberry32: a small seeded generator, so a failure can be replayed exactly. */
function generator(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  return { next, pick, chance: (p: number) => next() < p };
}

const ODD_VALUES: unknown[] = [
  null,
  1,
  -1,
  0,
  1e308,
  true,
  false,
  '',
  ' ',
  '.',
  '..',
  '../..',
  '%2e%2e',
  'a/b',
  '\u0000',
  '\u202e',
  'x'.repeat(300),
  'x'.repeat(40_000),
  [],
  [1, 2],
  {},
  { $ne: 1 },
  '__proto__',
  'constructor',
  'toString',
  '${alertId}',
  '<at>x</at>',
  '[x](https://evil.example)',
];
const ODD_VERBS: unknown[] = [
  'toString',
  'constructor',
  '__proto__',
  'valueOf',
  'hasOwnProperty',
  '',
  'alert.',
  'ALERT.REFRESH',
  'alert.refresh ',
  'digest',
  1,
  null,
  {},
  [],
];

/*
 * Fuzz the invoke handler through the real server: thousands of generated card actions — odd verbs,
 * odd data, broken value shapes, people who may not act — none of which may change anything. The bot must
 * answer each below 500, never crash, and leave every state file as it was.
 */
describe('black box: fuzzing card actions (fixed seed, real server over HTTP)', function () {
  this.timeout(300_000);
  let dir: string;
  let connector: FakeTeamsConnector;
  let serviceUrl: string;
  let bot: BotProcess;
  let alerts: Json[];

  /** Hash of every state file but the audit log (refusals are audited: it must grow). */
  async function stateHash(): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const name of (await fs.readdir(dir)).sort()) {
      if (name === 'audit.jsonl' || name.startsWith('audit')) continue;
      out[name] = createHash('sha256')
        .update(await fs.readFile(path.join(dir, name)))
        .digest('hex');
    }
    return out;
  }

  before(async () => {
    ({
      connector,
      serviceUrl,
      dataDir: dir,
      bot,
    } = await startBlackBox('dlp-fuzz-', { env: { DEMO_ALERT_INTERVAL_SECONDS: '0', POLL_INTERVAL_SECONDS: '3600' } }));
    alerts = dlpAlertsOf(await readTenantFile(dir)) as typeof alerts;
    await bot.send(installInTeam({ serviceUrl }));
    await connector.waitFor((c) => c.threadsIn(TEAM_ID).length >= alerts.length, 60_000);
    // Let the outbox settle (sent items leave it) before taking the picture.
    for (let i = 0; i < 50; i++) {
      const health = await (await fetch(`${bot.url}/healthz`)).json();
      if (health.outbox.pending === 0 && health.outbox.inFlight === 0) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  after(() => stopBlackBox({ bot, connector, dataDir: dir }));

  it(`${PAYLOADS} generated invokes: no 5xx, no crash, no state change`, async () => {
    const rng = generator(SEED);
    const before = await stateHash();
    const realIds = alerts.map((a) => a.id as string);
    const versions = alerts.map((a) => a.lastUpdateDateTime as string);
    // Olu has no grant and Vic may only look; Avery may do anything, so Avery's clicks name no real alert.
    const people: { from: TeamsFrom | Json; mayAct: boolean }[] = [
      { from: AS.olu, mayAct: false },
      { from: AS.vic, mayAct: false },
      { from: NO_AAD_ID, mayAct: false },
      { from: { id: 1 }, mayAct: false },
      { from: AS.avery, mayAct: true },
    ];

    const odd = () => rng.pick(ODD_VALUES);
    const maybe = (value: () => unknown) => (rng.chance(0.25) ? odd() : value());
    function data(mayAct: boolean): Json {
      const alertId = mayAct
        ? rng.pick(['no-such-alert', '.', '..', '', 'a'.repeat(257), odd()])
        : maybe(() => rng.pick(realIds));
      const fields: Json = {
        alertId,
        version: maybe(() => rng.pick(versions)),
        assignee: maybe(() => rng.pick([AS.sam.aadObjectId, 'sam.analyst@contoso.example', '29:sam-analyst'])),
        comment: maybe(() => 'fuzz comment'),
        classification: maybe(() =>
          rng.pick(['truePositive', 'falsePositive', 'informationalExpectedActivity', 'unknown']),
        ),
        determination: maybe(() => rng.pick(['other', 'notMalicious', 'securityTesting'])),
        status: maybe(() => rng.pick(['new', 'inProgress', 'resolved'])),
        action: maybe(() => rng.pick(['disableUser', 'removeSharingLinks', 'isolateDevice'])),
        planId: maybe(() => rng.pick(['00000000-0000-4000-8000-000000000000', 'plan'])),
        resolve: maybe(() => rng.pick(['true', 'false'])),
      };
      for (const key of Object.keys(fields)) if (rng.chance(0.3)) delete fields[key];
      return rng.chance(0.05) ? odd() : fields;
    }
    function payload(i: number): Json {
      const who = rng.pick(people);
      const verb = rng.chance(0.8) ? rng.pick(CARD_VERBS) : rng.pick(ODD_VERBS);
      const activity: Json = cardAction({ serviceUrl, from: who.from as TeamsFrom }, verb, data(who.mayAct));
      activity.id = `fuzz-${i}`;
      const shape = rng.next();
      if (shape < 0.04)
        activity.value = rng.pick([
          {},
          'x',
          { action: null },
          { action: {} },
          { action: { type: 'Action.Execute' } },
          [],
          null,
        ]);
      else if (shape < 0.06) activity.name = rng.pick(['', 'adaptiveCard/unknown', 'composeExtension/query', 1, null]);
      else if (shape < 0.07) activity.serviceUrl = rng.pick([1, null, '', 'not a url', {}]);
      else if (shape < 0.08) activity.conversation = rng.pick([null, 1, {}, { id: 1 }]);
      else if (shape < 0.09) activity.channelData = rng.pick([null, 1, 'x', { tenant: 1 }, { team: { id: {} } }]);
      return activity;
    }

    const failures: string[] = [];
    for (let start = 0; start < PAYLOADS; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, PAYLOADS - start) }, (_, k) => payload(start + k));
      const answers = await Promise.all(
        batch.map((a) => bot.send(a).catch((e: Error) => ({ status: 0, body: e.message }))),
      );
      answers.forEach((res, k) => {
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body ?? '');
        if (res.status === 0 || res.status >= 500)
          failures.push(
            `#${start + k} → ${res.status} ${text.slice(0, 200)} for ${JSON.stringify({ name: batch[k].name, value: batch[k].value, from: batch[k].from }).slice(0, 400)}`,
          );
        else if (/at \S+ \(|\.ts:\d+|node_modules|TypeError|is not a function/.test(text))
          failures.push(`#${start + k} leaks internals: ${text.slice(0, 200)}`);
      });
      if (failures.length > 10) break;
    }
    assert.deepEqual(failures, []);
    assert.equal((await fetch(`${bot.url}/healthz`)).status, 200, 'the bot is still up');
    assert.doesNotMatch(bot.stderr, /Unhandled|unhandledRejection|uncaught/i);
    assert.ok(!bot.logs.some((l) => Number(l.level) >= 60), 'nothing fatal was logged');
    assert.deepEqual(await stateHash(), before, 'no state file changed');
  });
});
