import type { runBurstBench } from './refresh-burst.js';

/** Prints [3d]. */
export function printBurst(
  r: Awaited<ReturnType<typeof runBurstBench>>,
  out: (line?: string) => void,
  row: (label: string, value: string) => void,
) {
  const s = r.rounds;
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  out(
    `[3d] One card update in a ${r.members}-member channel → its refresh burst (${r.alerts.toLocaleString('en-US')} alerts, ${s.count} rounds, different alerts)`,
  );
  out('    per round: a comment written to the store → poller → outbox → card update (PUT) at the fake connector;');
  out(
    '    then every member listed in refresh.userIds sends alert.refresh (trigger automatic) at once, from a child process',
  );
  row('members listed in refresh.userIds per update', s.listedPerUpdate.join(', '));
  row('change → card update at the connector p50 / max', `${ms(s.updateToPutMs.p50)} / ${ms(s.updateToPutMs.max)}`);
  row('  process CPU meanwhile (poll wait included) p50 / max', `${ms(s.updateCpuMs.p50)} / ${ms(s.updateCpuMs.max)}`);
  row(`refreshes measured`, `${s.refreshes}`);
  row(
    'refresh latency p50 / p90 / p99 / max',
    `${s.latencyMs.p50.toFixed(1)} / ${s.latencyMs.p90.toFixed(1)} / ${s.latencyMs.p99.toFixed(1)} / ${s.latencyMs.max.toFixed(1)} ms`,
  );
  row('whole burst (first sent → last answered) p50 / max', `${ms(s.burstWallMs.p50)} / ${ms(s.burstWallMs.max)}`);
  row(
    'process CPU per burst p50 / mean / max',
    `${ms(s.burstCpuMs.p50)} / ${ms(s.burstCpuMs.mean)} / ${ms(s.burstCpuMs.max)} (${ms(s.cpuMsPerRefresh)} a refresh)`,
  );
  row(
    '  of it the main thread (Linux schedstat)',
    `${ms(s.mainThreadCpuMs.p50)} / ${ms(s.mainThreadCpuMs.mean)} / ${ms(s.mainThreadCpuMs.max)} (${ms(s.mainThreadCpuMsPerRefresh)} a refresh)`,
  );
  out('    process CPU: all the bench process did meanwhile (bot, V8 GC threads, kernel time of the sockets);');
  out('    main thread: the event loop alone, the time it could serve nothing else');
  const w = r.warmup;
  row(
    'warm-up burst (first, not counted) p50 / max; main thread',
    `${ms(w.latencyMs.p50)} / ${ms(w.latencyMs.max)}; ${ms(w.mainThreadCpuMs.p50)}`,
  );
  const problems = [...w.problems, ...s.problems];
  row(
    'check: every answer 200 with an Adaptive Card',
    problems.length === 0 ? 'PASS' : `FAIL (${s.problemCount + w.problemCount} bad: ${JSON.stringify(problems)})`,
  );
  out();
}
