import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger } from '../../../../src/logger.js';
import { AccessPolicyFile, type AccessPolicyFileContent } from '../../../../src/state/file/access-policy-file.js';
import { buildLocalAccessPolicy } from '../../../../src/backends/local/local-access-policy.js';
import { PERSONAS, groupId } from '../../../../src/backends/local/local-seed.js';
import type { AccessPolicy } from '../../../../src/triage/access/access-policy.js';
import { useTempDir } from '../../../support/unit-temp-dir.js';

const [avery, sam, emma, , , , olu] = PERSONAS;

/** A pino logger whose JSON lines are kept, to see what the policy file reported. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { log: createLogger('debug', stream), lines };
}

/** Polls `predicate` every 10 ms until true; fails after `timeoutMs` with `what`. */
async function eventually(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) assert.fail(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const validGrant: AccessPolicyFileContent['grants'][number] = {
  name: 'Sam',
  user: sam.id,
  roles: ['analyst'],
  scope: 'unrestricted',
};
const withSecondGrant = (bad: Record<string, unknown>) =>
  JSON.stringify({ grants: [validGrant, { name: 'The bad grant', ...bad }] }, null, 2);

/** Who holds what, in a form easy to compare. */
const summary = (p: AccessPolicy) =>
  p.grants.map(
    (g) =>
      `${g.principal.kind}:${g.principal.id} ${g.roles.join('+')} ${g.scope.kind === 'unrestricted' ? '*' : g.scope.units.join('|')}`,
  );

describe('AccessPolicyFile (a real file on disk)', () => {
  const tmp = useTempDir('access-policy-');
  let file: string;
  let opened: AccessPolicyFile | undefined;

  beforeEach(() => {
    file = path.join(tmp.path, 'access-policy.json');
  });
  afterEach(() => {
    opened?.close();
    opened = undefined;
  });

  const write = (content: AccessPolicyFileContent | string) =>
    fs.writeFile(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
  const load = async (log = capturingLogger().log) => (opened = await AccessPolicyFile.load(file, log));

  it('loads a valid file: the demo policy, users and groups, unrestricted and AU scopes', async () => {
    await write(buildLocalAccessPolicy());
    const policy = (await load()).current();
    assert.equal(policy.grants.length, 6);
    const byName = (n: string) => policy.grants.find((g) => g.name?.startsWith(n));
    assert.deepEqual(byName('DLP Admins')?.principal, { kind: 'group', id: groupId(1) });
    assert.deepEqual(byName('DLP Admins')?.roles, ['admin', 'responder', 'contentViewer']);
    assert.deepEqual(byName('DLP Admins')?.scope, { kind: 'unrestricted' });
    assert.deepEqual(byName(emma.displayName)?.principal, { kind: 'user', id: emma.id });
    assert.deepEqual(byName(emma.displayName)?.scope, { kind: 'administrativeUnits', units: ['EMEA'] });
    assert.equal(
      policy.grants.some((g) => g.principal.id === olu.id),
      false,
      'Olu has no grant',
    );
  });

  it('an empty grant list is a valid (deny-all) policy', async () => {
    await write({ grants: [] });
    assert.deepEqual((await load()).current(), { grants: [] });
  });

  describe('refuses to load a bad file, naming the file and the bad entry', () => {
    const cases: [string, string, RegExp[]][] = [
      ['invalid JSON', '{ "grants": [ { "name": "x", } ] }', [/not valid JSON/]],
      [
        'an unknown role',
        withSecondGrant({ user: emma.id, roles: ['analyst', 'superuser'], scope: 'unrestricted' }),
        [/grants\[1\]\.roles\[1\]/, /"The bad grant"/, /must be one of viewer, analyst/],
      ],
      [
        'an unknown first role',
        withSecondGrant({ user: emma.id, roles: ['root'], scope: 'unrestricted' }),
        [/grants\[1\]\.roles\[0\]/, /"The bad grant"/],
      ],
      [
        'a user id that is not a GUID',
        withSecondGrant({ user: 'emma.analyst@contoso.example', roles: ['analyst'], scope: 'unrestricted' }),
        [/grants\[1\]\.user/, /"The bad grant"/, /GUID/],
      ],
      [
        'a group id that is not a GUID',
        withSecondGrant({ group: 'DLP Admins', roles: ['admin'], scope: 'unrestricted' }),
        [/grants\[1\]\.group/, /"The bad grant"/, /GUID/],
      ],
      [
        'both user and group',
        withSecondGrant({ user: emma.id, group: groupId(1), roles: ['analyst'], scope: 'unrestricted' }),
        [/grants\[1\][^.[]/, /"The bad grant"/, /exactly one of "user" or "group"/],
      ],
      [
        'neither user nor group',
        withSecondGrant({ roles: ['analyst'], scope: 'unrestricted' }),
        [/grants\[1\][^.[]/, /"The bad grant"/, /exactly one of "user" or "group"/],
      ],
      [
        'a scope that is neither "unrestricted" nor AUs',
        withSecondGrant({ user: emma.id, roles: ['analyst'], scope: 'everywhere' }),
        [/grants\[1\]\.scope/, /"The bad grant"/, /unrestricted/],
      ],
      [
        'an AU scope in the wrong shape',
        withSecondGrant({ user: emma.id, roles: ['analyst'], scope: { units: ['EMEA'] } }),
        [/grants\[1\]\.scope/, /"The bad grant"/],
      ],
      [
        'an empty AU list',
        withSecondGrant({ user: emma.id, roles: ['analyst'], scope: { administrativeUnits: [] } }),
        [/grants\[1\]\.scope/, /"The bad grant"/],
      ],
      [
        'no roles',
        withSecondGrant({ user: emma.id, roles: [], scope: 'unrestricted' }),
        [/grants\[1\]\.roles/, /"The bad grant"/],
      ],
      [
        'a misspelt key',
        withSecondGrant({ user: emma.id, role: ['analyst'], roles: ['analyst'], scope: 'unrestricted' }),
        [/grants\[1\]/, /"The bad grant"/, /role/],
      ],
      ['no grants list', JSON.stringify({ rules: [] }), [/grants|rules/]],
    ];
    for (const [what, text, patterns] of cases) {
      it(what, async () => {
        await write(text);
        await assert.rejects(load(), (e: Error) => {
          assert.ok(e.message.includes(file), `names the file: ${e.message}`);
          for (const p of patterns) assert.match(e.message, p);
          return true;
        });
      });
    }

    it('a missing file', async () => {
      await assert.rejects(load(), (e: Error) => e.message.includes(file) && /cannot be read/.test(e.message));
    });
  });

  describe('reload()', () => {
    it('takes a valid edit', async () => {
      await write(buildLocalAccessPolicy());
      const { log, lines } = capturingLogger();
      const policyFile = await load(log);
      const edited = buildLocalAccessPolicy();
      edited.grants.push({ name: 'Olu', user: olu.id, roles: ['viewer'], scope: 'unrestricted' });
      await write(edited);
      assert.equal(await policyFile.reload(), true);
      assert.equal(policyFile.current().grants.length, 7);
      assert.deepEqual(policyFile.current().grants.at(-1), {
        name: 'Olu',
        principal: { kind: 'user', id: olu.id },
        roles: ['viewer'],
        scope: { kind: 'unrestricted' },
      });
      assert.ok(lines.some((l) => l.msg === 'access policy reloaded' && l.grants === 7));
    });

    it('keeps the last good policy after an invalid edit, says why, and returns false', async () => {
      await write(buildLocalAccessPolicy());
      const { log, lines } = capturingLogger();
      const policyFile = await load(log);
      const before = summary(policyFile.current());
      await write(withSecondGrant({ user: emma.id, roles: ['superuser'], scope: 'unrestricted' }));
      assert.equal(await policyFile.reload(), false);
      assert.deepEqual(summary(policyFile.current()), before);
      const warning = lines.find((l) => l.msg === 'access policy edit rejected; keeping the last good policy');
      assert.ok(warning, 'a warning is logged');
      assert.match(String(warning.problem), /grants\[1\]\.roles\[0\]/);

      await write('{ "grants": [');
      assert.equal(await policyFile.reload(), false, 'invalid JSON');
      await fs.rm(file);
      assert.equal(await policyFile.reload(), false, 'file gone (an editor replacing it)');
      assert.deepEqual(summary(policyFile.current()), before);

      await write({ grants: [validGrant] });
      assert.equal(await policyFile.reload(), true, 'a later valid edit is taken again');
      assert.deepEqual(summary(policyFile.current()), [`user:${sam.id} analyst *`]);
    });
  });

  describe('watch()', () => {
    it('picks up a valid edit by itself, ignores an invalid one, then takes the next valid one', async () => {
      await write(buildLocalAccessPolicy());
      const { log, lines } = capturingLogger();
      const policyFile = await load(log);
      policyFile.watch(50);

      await write({ grants: [{ name: 'Only Avery', user: avery.id, roles: ['admin'], scope: 'unrestricted' }] });
      await eventually('the edit is applied', () => policyFile.current().grants.length === 1);
      assert.deepEqual(summary(policyFile.current()), [`user:${avery.id} admin *`]);

      const rejectedBefore = lines.filter((l) => /rejected/.test(String(l.msg))).length;
      await write(withSecondGrant({ group: 'not a guid', roles: ['viewer'], scope: 'unrestricted' }));
      await eventually(
        'the invalid edit is seen and rejected',
        () => lines.filter((l) => /rejected/.test(String(l.msg))).length > rejectedBefore,
      );
      assert.deepEqual(summary(policyFile.current()), [`user:${avery.id} admin *`], 'the last good policy stays');

      await write({
        grants: [
          validGrant,
          { name: 'Emma', user: emma.id, roles: ['analyst'], scope: { administrativeUnits: ['EMEA', 'APAC'] } },
        ],
      });
      await eventually('the next valid edit is applied', () => policyFile.current().grants.length === 2);
      assert.deepEqual(summary(policyFile.current()), [
        `user:${sam.id} analyst *`,
        `user:${emma.id} analyst EMEA|APAC`,
      ]);
    });

    it('stops watching after close()', async () => {
      await write(buildLocalAccessPolicy());
      const { log, lines } = capturingLogger();
      const policyFile = await load(log);
      policyFile.watch(20);
      await write({ grants: [validGrant] });
      await eventually('the edit is applied', () => policyFile.current().grants.length === 1);
      policyFile.close();
      const logged = lines.length;
      await write({ grants: [] });
      await new Promise((r) => setTimeout(r, 300)); // 15 poll intervals
      assert.equal(policyFile.current().grants.length, 1);
      assert.equal(lines.length, logged, 'no reload attempted');
    });
  });
});
