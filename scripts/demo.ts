/**
 * `npm run demo`: the bot on the local backend, in local mode (no auth, 127.0.0.1), together with the
 * Microsoft 365 Agents Playground as the Teams client. `--as <persona>` starts the playground as another
 * demo persona (the playground has one current user per start); `--fresh` deletes the data folder first.
 * Ctrl+C stops both.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = Number(process.env.PORT ?? 3978);
const playgroundPort = Number(process.env.PLAYGROUND_PORT ?? 56150);
const children: ChildProcess[] = [];

async function main(): Promise<void> {
  const dataDir = process.env.DATA_DIR ?? path.join(root, 'data');
  if (process.argv.includes('--fresh')) await fs.rm(dataDir, { recursive: true, force: true });
  const configPath = await playgroundConfig(argValue('--as'));
  const env = {
    ...process.env,
    PORT: String(port),
    // Local mode: the playground sends no JWT. An empty value also keeps a .env from turning auth on.
    MicrosoftAppId: '',
    DATA_DIR: dataDir,
    POLL_INTERVAL_SECONDS: process.env.POLL_INTERVAL_SECONDS ?? '5',
    DEMO_ALERT_INTERVAL_SECONDS: process.env.DEMO_ALERT_INTERVAL_SECONDS ?? '60',
  };
  const bot = run('bot', process.execPath, ['--disable-warning=DEP0111', '--import', 'tsx', path.join(root, 'src/index.ts')], env);
  bot.on('exit', (code) => shutdown(code ?? 1));
  await waitForHealth(`http://127.0.0.1:${port}/healthz`);
  const cli = path.join(root, 'node_modules/@microsoft/m365agentsplayground/cli.js');
  run('playground', process.execPath, [cli, 'start', '-e', `http://127.0.0.1:${port}/api/messages`, '-p', String(playgroundPort), '--disable-telemetry'], {
    ...process.env,
    M365_AGENTS_PLAYGROUND_CONFIG_PATH: configPath,
    // The playground crashes when it cannot open a browser (no xdg-open on servers and containers).
    TEAMSAPPTESTER_BROWSER: process.env.TEAMSAPPTESTER_BROWSER ?? (canOpenBrowser() ? undefined : 'none'),
    M365_AGENTS_PLAYGROUND_LOGFILE: path.join(root, 'devTools/m365agentsplayground.log'),
  });
  console.log(
    [
      '',
      `DLP Triage is running on http://127.0.0.1:${port} (local backend, data in ${env.DATA_DIR}).`,
      `Open http://localhost:${playgroundPort} , then open the team "Contoso SOC" > General:`,
      'the bot installs there, makes it the triage channel and posts the sample alerts, one thread each.',
      Number(env.DEMO_ALERT_INTERVAL_SECONDS) > 0 ? `A new demo alert arrives every ${env.DEMO_ALERT_INTERVAL_SECONDS} s.` : 'The demo alert feed is off.',
      'Reloading the playground page clears what it shows; `npm run demo -- --fresh` starts over with new data.',
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
}

/** The playground config to use: the committed one, or a copy with another persona as the current user. */
async function playgroundConfig(persona: string | undefined): Promise<string> {
  const file = path.join(root, '.m365agentsplayground.yml');
  if (!persona) return file;
  const config = parse(await fs.readFile(file, 'utf8'));
  const people = [config.currentUser, ...config.users];
  const chosen = people.find((u: { givenName: string }) => u.givenName.toLowerCase() === persona.toLowerCase());
  if (!chosen) {
    console.error(`Unknown persona "${persona}". Choose one of: ${people.map((u: { givenName: string }) => u.givenName.toLowerCase()).join(', ')}.`);
    process.exit(2);
  }
  config.users = people.filter((u) => u !== chosen);
  config.currentUser = chosen;
  const out = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-playground-')), '.m365agentsplayground.yml');
  await fs.writeFile(out, stringify(config));
  return out;
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
    const ok = await fetch(url).then((r) => r.ok, () => false);
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
