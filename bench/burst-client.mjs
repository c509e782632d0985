// The client of the refresh-burst bench (bench/refresh-burst.ts): a child process, so the CPU the bench process
// spends during a burst is the bot's alone. Plain JS (no tsx loader needed); it posts with node:http
// (bench/http-post.mjs), one keep-alive connection per member, as each member's Teams client has its own.
// Protocol over IPC: `{ load: { url, bodies: string[] } }` (answered `{ loaded: true }`), then `{ fire: true }`:
// this process POSTs all bodies at once and answers { latencies: number[], problems: string[], wallMs: number }.
// `{ stop: true }` ends it.
import { performance } from 'node:perf_hooks';
import { keepAliveAgent, postJson } from './http-post.mjs';

const CARD = 'application/vnd.microsoft.card.adaptive';

async function one(url, body, agent) {
  const started = performance.now();
  let problem;
  try {
    const res = await postJson(url, body, agent);
    const text = res.text;
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      problem = `not JSON: ${text.slice(0, 120)}`;
    }
    if (!problem && (res.status !== 200 || parsed?.statusCode !== 200 || parsed?.type !== CARD)) {
      problem = `HTTP ${res.status}: ${text.slice(0, 160)}`;
    }
  } catch (e) {
    problem = `request failed: ${e?.message ?? e}`;
  }
  return { ms: performance.now() - started, problem };
}

let loaded;
/** Kept across rounds: the members' connections stay open between bursts, as Teams' do. */
let agent;
process.on('message', async (m) => {
  if (m.stop) process.exit(0);
  if (m.load) {
    loaded = m.load;
    process.send({ loaded: true });
    return;
  }
  const { url, bodies } = loaded;
  agent ??= keepAliveAgent(bodies.length);
  const target = new URL(url);
  const started = performance.now();
  const results = await Promise.all(bodies.map((body) => one(target, body, agent)));
  process.send({
    latencies: results.map((r) => r.ms),
    problems: results.flatMap((r) => (r.problem ? [r.problem] : [])),
    wallMs: performance.now() - started,
  });
});
process.send({ ready: true });
