import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(path.join(root, dir), { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** Import specifiers of a file, resolved to project-relative paths for relative imports. */
async function importsOf(file: string): Promise<string[]> {
  const text = await fs.readFile(path.join(root, file), 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs.map((s) =>
    s.startsWith('.') ? path.relative(root, path.resolve(path.dirname(path.join(root, file)), s)) : s,
  );
}

describe('architecture: dependency direction', () => {
  it('the local and the Graph backend never import each other', async () => {
    for (const [own, other] of [
      ['local', 'graph'],
      ['graph', 'local'],
    ]) {
      for (const file of await sourceFiles(`src/backends/${own}`)) {
        for (const spec of await importsOf(file))
          assert.ok(!spec.startsWith(`src/backends/${other}/`), `${file} imports ${spec}`);
      }
    }
  });

  it('what the backends share (src/backends/*.ts, src/backends/alerts-v2) imports neither backend', async () => {
    const shared = [
      ...(await sourceFiles('src/backends/alerts-v2')),
      ...(await fs.readdir(path.join(root, 'src/backends')))
        .filter((name) => name.endsWith('.ts'))
        .map((name) => path.join('src', 'backends', name)),
    ];
    assert.ok(shared.includes(path.join('src', 'backends', 'alerts-v2', 'alerts-v2-mapper.ts')));
    assert.ok(shared.includes(path.join('src', 'backends', 'backend.ts')));
    for (const file of shared) {
      for (const spec of await importsOf(file))
        assert.ok(!/^src\/backends\/(local|graph)\//.test(spec), `${file} imports ${spec}`);
    }
  });

  it('src/triage (the domain) imports nothing outside itself (Node built-ins aside)', async () => {
    for (const file of await sourceFiles('src/triage')) {
      for (const spec of await importsOf(file)) {
        assert.ok(spec.startsWith('src/triage/') || spec.startsWith('node:'), `${file} imports ${spec}`);
      }
    }
  });

  it('cards/ imports only domain types, other cards, the message catalogues, adaptivecards-templating and node:util', async () => {
    for (const file of await sourceFiles('cards')) {
      for (const spec of await importsOf(file)) {
        const ok =
          spec.startsWith('src/triage/') ||
          spec.startsWith('src/i18n/') ||
          spec.startsWith('cards/') ||
          spec === 'adaptivecards-templating' ||
          spec === 'node:util'; // isDeepStrictEqual: the compiled template checks itself against the library
        assert.ok(ok, `${file} imports ${spec}`);
      }
    }
  });

  it('src/i18n (catalogues and formatting, which cards use) imports only itself and FormatJS', async () => {
    // The parser is the one intl-messageformat is built on: its element types tell plain messages apart.
    const formatJs = new Set(['intl-messageformat', '@formatjs/icu-messageformat-parser']);
    for (const file of await sourceFiles('src/i18n')) {
      for (const spec of await importsOf(file)) {
        assert.ok(spec.startsWith('src/i18n/') || formatJs.has(spec), `${file} imports ${spec}`);
      }
    }
  });

  it('nothing in src/ but the composition root (src/app/) reaches into bot/ or cards/', async () => {
    for (const file of await sourceFiles('src')) {
      if (file.startsWith('src/app/')) continue;
      for (const spec of await importsOf(file)) {
        assert.ok(!spec.startsWith('bot/') && !spec.startsWith('cards/'), `${file} imports ${spec}`);
      }
    }
  });

  it('delivery, ingest, digest and audit use no Teams, HTTP or storage framework directly', async () => {
    const files = [
      ...(await sourceFiles('src/delivery')),
      ...(await sourceFiles('src/ingest')),
      ...(await sourceFiles('src/digest')),
      ...(await sourceFiles('src/audit')),
    ];
    for (const file of files) {
      for (const spec of await importsOf(file)) {
        assert.ok(
          !/^(botbuilder|botframework-|restify|lowdb|pg$|pg\/|@microsoft\/microsoft-graph-client|@azure\/)/.test(spec),
          `${file} imports ${spec}`,
        );
      }
    }
  });

  it('only the composition root (src/app/) imports the state implementations in src/state/', async () => {
    // Other concrete adapters may share a type with them (the local backend writes the access policy file).
    const concrete = (file: string) => /^src\/(app|state|backends)\//.test(file);
    for (const dir of ['src', 'bot', 'cards']) {
      for (const file of await sourceFiles(dir)) {
        if (concrete(file)) continue;
        for (const spec of await importsOf(file)) {
          assert.ok(!spec.startsWith('src/state/'), `${file} imports ${spec}: reach state through its repository port`);
        }
      }
    }
  });

  it('only the composition root (src/app/) constructs the concrete adapters', async () => {
    const concrete = ['src/backends/local/', 'src/backends/graph/', 'bot/bot-connector-sender'];
    for (const dir of ['src', 'bot', 'cards']) {
      for (const file of await sourceFiles(dir)) {
        if (/^src\/(app|backends|state)\//.test(file)) continue;
        for (const spec of await importsOf(file)) {
          assert.ok(!concrete.some((c) => spec.startsWith(c)), `${file} imports the concrete ${spec}`);
        }
      }
    }
  });
});
