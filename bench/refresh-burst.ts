/**
 * [3d] of `npm run bench`: what one card update costs in a channel of 60 people who may all see more. The
 * card's `refresh.userIds` lists them, so Teams asks for each one's own view at once: 60 `alert.refresh`
 * invokes (trigger "automatic") for the same alert from 60 different members. Measured per round: the
 * change in the store → the card update at the connector, then the burst's latencies (client: a child
 * process, so the CPU this process spends meanwhile is the bot's alone) and that CPU.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { FakeTeamsConnector, type FakeTeamsMember, type RecordedCall } from '../test/support/fake-teams-connector.js';
import { burstMembers, policyFile } from './burst-team.js';
import { cardAction, installInTeam } from '../test/support/activities.js';
import { mainThreadCpuMs, openBenchApp, percentile, removeDir, sendActivity, sleep, sum, waitUntil } from './lib.js';

interface Round {
  alertId: string;
  updateMs: number;
  updateCpuMs: number;
  listed: number;
  latencies: number[];
  burstMs: number;
  cpuMs: number;
  /** The main thread's CPU alone (Linux), NaN where unknown. */
  mainCpuMs: number;
  problems: string[];
}

export interface BurstSettings {
  alerts: number;
  members: number;
  rounds: number;
  /** Called right before and after each burst (e.g. to profile the bursts only). */
  around?: { before: () => Promise<void>; after: () => Promise<void> };
}

/** Opens an app of `alerts` alerts whose team has `members` members, posts every card, then runs the rounds. */
export async function runBurstBench(settings: BurstSettings, progress: (line: string) => void) {
  const members = burstMembers(settings.members);
  const connector = new FakeTeamsConnector({ members });
  const serviceUrl = await connector.start();
  const policyDir = await fs.mkdtemp(path.join(os.tmpdir(), 'dlp-bench-policy-'));
  const env = { TEAMS_TENANT_RATE_PER_SECOND: '1000', ACCESS_POLICY_FILE: await policyFile(policyDir, members) };
  const bench = await openBenchApp(settings.alerts, env, { conversationLimits: [] });
  const { app } = bench;
  const client = await startClient();
  try {
    const { port } = await app.start();
    if (!(await waitUntil(() => app.outbox.size >= settings.alerts, 60_000)))
      throw new Error('[3d] backlog not queued');
    await sendActivity(port, installInTeam({ serviceUrl }));
    progress(`[3d] posting ${settings.alerts} cards with a ${settings.members}-member roster`);
    if (!(await waitUntil(() => app.cards.size >= settings.alerts, 300_000, 200)))
      throw new Error(`[3d] only ${app.cards.size} cards posted`);
    await sleep(500);
    // The fake connector keeps every request it got (10,000 cards): only the bot's own heap should weigh on it.
    connector.calls.splice(0);
    const url = `http://127.0.0.1:${port}/api/messages`;
    // Round 0 is the warm-up (the first refreshes of this view compile its code): reported apart, not counted.
    const step = Math.floor(bench.alertIds.length / (settings.rounds + 1));
    const rounds: Round[] = [];
    for (let k = 0; k <= settings.rounds; k++) {
      const alertId = bench.alertIds[k * step + 1]!;
      const input = { url, serviceUrl, alertId, members, k, around: k === 0 ? undefined : settings.around };
      rounds.push(await round(app.localStore!, connector, client, input));
      await sleep(300);
    }
    const { around: _, ...shown } = settings;
    const [warmup, ...measured] = rounds;
    return { ...shown, rounds: summarize(measured), warmup: summarize([warmup!]) };
  } finally {
    client.send({ stop: true });
    await app.stop();
    await connector.stop();
    await removeDir(bench.dataDir);
    await fs.rm(policyDir, { recursive: true, force: true });
  }
}

interface RoundInput {
  url: string;
  serviceUrl: string;
  alertId: string;
  members: FakeTeamsMember[];
  k: number;
  around?: BurstSettings['around'];
}

type Store = NonNullable<Awaited<ReturnType<typeof openBenchApp>>['app']['localStore']>;

/** One update (a comment written to the store, as a hand edit or the portal would) and its burst. */
async function round(store: Store, connector: FakeTeamsConnector, client: ChildProcess, input: RoundInput) {
  const from = connector.calls.length;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await store.addComment(input.alertId, `Bench round ${input.k + 1}`);
  let put: RecordedCall | undefined;
  const seen = () => (put = connector.calls.slice(from).find((c) => isUpdateOf(c, input.alertId)));
  if (!(await waitUntil(() => !!seen(), 30_000, 5))) throw new Error(`[3d] no card update for ${input.alertId}`);
  const updateMs = performance.now() - t0;
  const updateCpu = process.cpuUsage(cpu0);
  const card = put!.body.attachments[0].content;
  const listed: string[] = card.refresh?.userIds ?? [];
  const byTeamsId = new Map(input.members.map((m) => [m.id, m]));
  const bodies = listed.map((id) => {
    const m = byTeamsId.get(id)!;
    const from = { id: m.id, name: m.name!, aadObjectId: m.aadObjectId };
    const activity = cardAction({ serviceUrl: input.serviceUrl, from }, 'alert.refresh', card.refresh.action.data);
    return JSON.stringify({
      ...activity,
      replyToId: put!.activityId,
      value: { ...activity.value, trigger: 'automatic' },
    });
  });
  await sleep(200); // the sender's bookkeeping after the update settles first
  const answer = await ask(client, { load: { url: input.url, bodies } });
  if (!answer.loaded) throw new Error('[3d] client did not load the burst');
  await input.around?.before();
  const cpu1 = process.cpuUsage();
  const main1 = mainThreadCpuMs();
  const burst = await ask(client, { fire: true });
  const cpu = process.cpuUsage(cpu1);
  const main = main1 === undefined ? NaN : mainThreadCpuMs()! - main1;
  await input.around?.after();
  return {
    alertId: input.alertId,
    updateMs,
    updateCpuMs: (updateCpu.user + updateCpu.system) / 1000,
    listed: listed.length,
    latencies: burst.latencies as number[],
    burstMs: burst.wallMs as number,
    cpuMs: (cpu.user + cpu.system) / 1000,
    mainCpuMs: main,
    problems: burst.problems as string[],
  };
}

const isUpdateOf = (c: RecordedCall, alertId: string) =>
  c.method === 'PUT' && c.status >= 200 && c.status < 300 && JSON.stringify(c.body).includes(JSON.stringify(alertId));

function summarize(rounds: Round[]) {
  const all = rounds.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const sorted = (f: (r: Round) => number) => rounds.map(f).sort((a, b) => a - b);
  const stats = (v: number[]) => ({ p50: percentile(v, 50), max: percentile(v, 100), mean: sum(v) / v.length });
  return {
    count: rounds.length,
    listedPerUpdate: [...new Set(rounds.map((r) => r.listed))],
    refreshes: all.length,
    latencyMs: {
      p50: percentile(all, 50),
      p90: percentile(all, 90),
      p99: percentile(all, 99),
      max: percentile(all, 100),
    },
    burstWallMs: stats(sorted((r) => r.burstMs)),
    burstWallMsByRound: rounds.map((r) => Math.round(r.burstMs)),
    burstCpuMs: stats(sorted((r) => r.cpuMs)),
    cpuMsPerRefresh: sum(rounds.map((r) => r.cpuMs)) / Math.max(1, all.length),
    mainThreadCpuMs: stats(sorted((r) => r.mainCpuMs)),
    mainThreadCpuMsPerRefresh: sum(rounds.map((r) => r.mainCpuMs)) / Math.max(1, all.length),
    updateToPutMs: stats(sorted((r) => r.updateMs)),
    updateCpuMs: stats(sorted((r) => r.updateCpuMs)),
    problems: rounds.flatMap((r) => r.problems).slice(0, 5),
    problemCount: sum(rounds.map((r) => r.problems.length)),
  };
}

async function startClient(): Promise<ChildProcess> {
  const child = fork(new URL('./burst-client.mjs', import.meta.url), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('error', reject);
  });
  return child;
}

function ask(child: ChildProcess, message: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const exited = (code: number | null) => reject(new Error(`[3d] client exited with ${code}`));
    child.once('exit', exited);
    child.once('message', (m) => {
      child.off('exit', exited);
      resolve(m);
    });
    child.send(message as object);
  });
}
