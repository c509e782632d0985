// Load generator for the invoke latency runs (alert.refresh, alert.investigate). Plain JS on purpose: it
// runs in a worker thread (its own event loop, so the client does not compete with the bot's event loop), and
// worker threads do not get tsx's TypeScript loader. It posts with node:http (bench/http-post.mjs), not fetch.
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { keepAliveAgent, postJson } from './http-post.mjs';

/**
 * `order`: 'random' picks any alert each time; 'each-once' walks the ids in order, so no alert is asked for twice
 * (every answer is computed, none cached). `waitingVerb`: an answer whose card refreshes with this verb is the
 * "still working" card (counted, not a failure).
 * @type {{ url: string, template: any, alertIds: string[], concurrency: number, warmupMs: number, measureMs: number,
 *   order?: 'random' | 'each-once', waitingVerb?: string }}
 */
const { url, template, alertIds, concurrency, warmupMs, measureMs, order = 'random', waitingVerb } = workerData;

const CARD = 'application/vnd.microsoft.card.adaptive';
const latencies = [];
const failures = [];
let warmupRequests = 0;
let waiting = 0;
let seq = 0;
let nextId = 0;

const target = new URL(url);
const agent = keepAliveAgent(concurrency);
const t0 = performance.now();
const measureFrom = t0 + warmupMs;
const measureUntil = measureFrom + measureMs;

function activityFor(alertId) {
  seq++;
  return JSON.stringify({
    ...template,
    id: `bench-refresh-${seq}`,
    timestamp: new Date().toISOString(),
    value: { ...template.value, action: { ...template.value.action, data: { alertId } } },
  });
}

async function one() {
  const alertId =
    order === 'each-once'
      ? alertIds[nextId++ % alertIds.length]
      : alertIds[Math.floor(Math.random() * alertIds.length)];
  const body = activityFor(alertId);
  const started = performance.now();
  let status = 0;
  let problem;
  let parsedVerb;
  try {
    const res = await postJson(target, body, agent);
    status = res.status;
    const text = res.text;
    let parsed;
    try {
      parsed = JSON.parse(text);
      parsedVerb = parsed?.value?.refresh?.action?.verb;
    } catch {
      problem = `not JSON: ${text.slice(0, 120)}`;
    }
    if (!problem && status !== 200) problem = `HTTP ${status}`;
    else if (
      !problem &&
      (parsed?.statusCode !== 200 || parsed?.type !== CARD || parsed?.value?.type !== 'AdaptiveCard')
    ) {
      problem = `not a card: ${text.slice(0, 160)}`;
    } else if (!problem && !text.includes(alertId)) {
      problem = `card does not mention ${alertId}`;
    }
  } catch (e) {
    problem = `request failed: ${e?.message ?? e}`;
  }
  const ended = performance.now();
  const isWaiting = !problem && waitingVerb !== undefined && parsedVerb === waitingVerb;
  return { started, ms: ended - started, status, problem, alertId, isWaiting };
}

async function worker() {
  while (performance.now() < measureUntil) {
    const r = await one();
    if (r.started < measureFrom) {
      warmupRequests++;
      continue;
    }
    if (r.started >= measureUntil) break;
    latencies.push(r.ms);
    if (r.isWaiting) waiting++;
    if (r.problem) failures.push({ alertId: r.alertId, status: r.status, problem: r.problem });
  }
}

await Promise.all(Array.from({ length: concurrency }, () => worker()));
const wallMs = performance.now() - measureFrom;
// Idle keep-alive sockets would keep this thread (and connections to the bot) alive into the next section.
agent.destroy();
parentPort.postMessage({
  latencies,
  failures: failures.length,
  failureSamples: failures.slice(0, 5),
  warmupRequests,
  waiting,
  wallMs,
});
