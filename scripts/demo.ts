/**
 * `npm run demo`: the bot on the local backend, in local mode (no auth, 127.0.0.1), together with the
 * Microsoft 365 Agents Playground as the Teams client. `--as <persona>` starts the playground as another
 * demo persona (the playground has one current user per start); `--fresh` deletes the data folder first.
 * Every start is a new playground with empty conversations, so the bot forgets where it posted before and
 * posts the alerts again; the tenant (alerts and their triage, audit, share links) is kept.
 * Ctrl+C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import { demoEnv } from './demo-env.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const children: ChildProcess[] = [];

/**
 * The bot's files in DATA_DIR that describe the previous playground's conversations: triage channels and
 * routes, posted cards (alert -> thread), the outbox, the poll watermark and 1:1 chats. The playground
 * keeps none of those conversations' messages across starts (its UI is new each time), so they go; the
 * first poll then finds every alert again and posts it when General is opened and installs the bot.
 */
const PLAYGROUND_DELIVERY_STATE = [
  'channels.jsonl',
  'routes.jsonl',
  'cards.jsonl',
  'outbox.jsonl',
  'ingest.jsonl',
  'personal-chats.jsonl',
];

interface PlaygroundUser {
  name: string;
  userPrincipleName: string;
  givenName: string;
}

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR ?? path.join(root, 'data');
  if (process.argv.includes('--fresh')) await fs.rm(dataDir, { recursive: true, force: true });
  const { file: configPath, user } = await playgroundConfig(argValue('--as'));
  const reposting = await forgetPreviousPlayground(dataDir);
  const env = demoEnv(process.env, port, dataDir);
  const bot = run(
    'bot',
    process.execPath,
    [
      '--disable-warning=DEP0111',
      '--max-semi-space-size=32',
      '--no-allocation-site-pretenuring',
      '--import',
      'tsx',
      path.join(root, 'src/index.ts'),
    ],
    env,
  );
  bot.on('exit', (code) => shutdown(code ?? 1));
  await waitForHealth(`http://127.0.0.1:${port}/healthz`);
  const cli = path.join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js');
  run(
    'playground',
    process.execPath,
    [cli, 'start', '-e', `http://127.0.0.1:${port}/api/messages`, '-p', String(playgroundPort), '--disable-telemetry'],
    {
      ...process.env,
      M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
      // The playground crashes when it cannot open a browser (no xdg-open on servers and containers).
      TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? (canOpenBrowser() ? undefined : 'none'),
      M365_AGENTS_PLAYGROUND_LOGFILE: path.join(root, 'devTools/m365agentsplayground.log'),
    },
  );
  console.log(
    [
      '',
      `DLP Triage is running on http://127.0.0.1:${port} (local backend, data in ${env.DATA_DIR}).`,
      `The playground runs as ${user.name} (${user.userPrincipleName}); \`npm run demo -- --as <name>\` picks another persona.`,
      `Open http://localhost:${playgroundPort} , then open the team "Contoso SOC" > General:`,
      reposting
        ? 'the bot installs there, makes it the triage channel and posts the alerts again, as triaged so far, one thread each.'
        : 'the bot installs there, makes it the triage channel and posts the sample alerts, one thread each.',
      Number(env.DEMO_ALERT_INTERVAL_SECONDS) > 0
        ? `A new demo alert arrives every ${env.DEMO_ALERT_INTERVAL_SECONDS} s.`
        : 'The demo alert feed is off.',
      'Reloading the playground page clears what it shows: restart the demo to see the cards again (triage is kept);',
      '`npm run demo -- --fresh` starts over with new sample data. Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

/**
 * The playground config to use (the committed one, or a copy with another persona as the current user) and that user.
 */
async function playgroundConfig(persona: string | undefined): Promise<{ file: string; user: PlaygroundUser }> {
  const file = path.join(root, '.m365agentsplayground.yml');
  const config = parse(await fs.readFile(file, 'utf8'));
  if (!persona) return { file, user: config.currentUser };
  const people: PlaygroundUser[] = [config.currentUser, ...config.users];
  const chosen = people.find((u) => u.givenName.toLowerCase() === persona.toLowerCase());
  if (!chosen) {
    console.error(
      `Unknown persona "${persona}". Choose one of: ${people.map((u) => u.givenName.toLowerCase()).join(', ')}.`,
    );
    process.exit(2);
  }
  config.users = people.filter((u) => u !== chosen);
  config.currentUser = chosen;
  const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-playground-')), '.m365agentsplayground.yml');
  await fs.writeFile(out, stringify(config));
  return { file: out, user: chosen };
}

/** Drops the previous playground's delivery state (see PLAYGROUND_DELIVERY_STATE); true when there was some. */
async function forgetPreviousPlayground(dataDir: string): Promise<boolean> {
  let found = false;
  for (const name of PLAYGROUND_DELIVERY_STATE) {
    const file = path.join(dataDir, name);
    if (!existsSync(file)) continue;
    found = true;
    await fs.rm(file, { force: true });
  }
  return found;
}

function canOpenBrowser(): boolean {
  if (process.platform !== 'linux') return true;
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => existsSync(path.join(dir, 'xdg-open')));
}

function argValue(flag: string): string | undefined {
  const i = process.argv.indexOf(flag);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function run(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('error', (e) => console.error(`${name} failed to start: ${e.message}`));
  children.push(child);
  return child;
}

async function waitForHealth(url: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  console.error(`The bot did not answer ${url} within 60 s; see its log above.`);
  shutdown(1);
}

let stopping = false;
function shutdown(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 2000).unref();
}

process.on('SIGINT', () => shutdown(0));
process.on('SIGTERM', () => shutdown(0));
void main();
