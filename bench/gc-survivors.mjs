// Diagnostic, not part of `npm run bench`: `node bench/gc-survivors.mjs` shows why the Bot Framework SDK's
// compiled async code makes garbage survive scavenges (issue 12, item 10). TypeScript below ES2017 writes
// every async method as `__awaiter(this, void 0, void 0, function* () {…})`: a new generator closure per
// call. Calling a new generator closure makes V8 build its initial map in the old generation, and that map
// reaches the young closure, its context and everything it captured, so they all survive every scavenge
// until the next major GC. Native async functions do not. Each mode runs in a child with --trace-gc-nvp
// and prints the mean bytes surviving a scavenge and the mean pause.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MODES = {
  /** What our own code compiles to (target ES2022). */
  native: async (captured) => {
    await Promise.resolve();
    return captured.length;
  },
  /** What botbuilder and botframework-connector ship (TypeScript's __awaiter helper, inlined). */
  awaiter: (captured) =>
    new Promise((resolve, reject) => {
      const generator = (function* () {
        yield Promise.resolve();
        return captured.length;
      })();
      const step = (r) => (r.done ? resolve(r.value) : Promise.resolve(r.value).then(next, reject));
      const next = (v) => step(generator.next(v));
      next();
    }),
  /** The same closure made but never called: nothing survives, so the call (the map) is what matters. */
  closureOnly: async (captured) => {
    const unused = function* () {
      yield captured.length;
    };
    return unused ? captured.length : 0;
  },
};

const [mode] = process.argv.slice(2);
if (mode) {
  const one = MODES[mode];
  const end = Date.now() + 3_000;
  const loop = () => {
    if (Date.now() > end) return;
    const captured = Array.from({ length: 200 }, (_, i) => ({ i }));
    one(captured).then(() => setImmediate(loop));
  };
  for (let i = 0; i < 20; i++) loop();
} else {
  for (const name of Object.keys(MODES)) {
    const run = spawnSync(
      process.execPath,
      ['--max-semi-space-size=32', '--trace-gc-nvp', fileURLToPath(import.meta.url), name],
      { encoding: 'utf8' },
    );
    const scavenges = run.stdout.split('\n').filter((l) => l.includes('gc=s '));
    const mean = (field) => {
      const values = scavenges.map((l) => Number(new RegExp(`${field}=([\\d.]+)`).exec(l)?.[1] ?? NaN));
      return values.reduce((a, b) => a + b, 0) / values.length;
    };
    const survived = (mean('new_space_survived') / 1024).toFixed(0);
    console.log(
      `${name.padEnd(12)} ${scavenges.length} scavenges, ${survived} KB survive each, pause ${mean('pause').toFixed(2)} ms`,
    );
  }
}
