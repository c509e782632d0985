import { strict as assert } from 'node:assert';
import { alertRefSchema } from '../../../bot/registry/card-verb.js';
import { makeDemoAlert } from '../../../src/backends/local/demo-alert-generator.js';
import { buildSeedTenant } from '../../../src/backends/local/local-seed.js';
import { isAlertId, isEntraObjectId, isTimestamp, isUserKey, isUserPrincipalName } from '../../../src/triage/ids.js';

const tenant = buildSeedTenant(new Date('2026-03-10T12:00:00Z'));
const demos = Array.from({ length: 40 }, (_, i) => makeDemoAlert(i + 1, new Date('2026-03-10T12:00:00Z'), tenant));
const raws = [...tenant.alerts, ...demos] as Record<string, any>[];

/** What must never pass as an id that ends up in a URL path. */
const HOSTILE = [
  '',
  '.',
  '..',
  ' .. ',
  '/',
  'a/b',
  '../users',
  'dl1/..',
  'a\\b',
  'dl1\u0000',
  'dl1\n',
  'dl\u007f1',
  'x'.repeat(257),
  '$count',
  'a b',
  'dl1?x=1',
  'dl1#x',
  '%2e%2e',
];

describe('id shapes (src/triage/ids.ts): everything the seeds, the demo feed and Graph use, nothing that moves a URL path', () => {
  it('alert ids: every seeded and demo alert id, and the documented Graph forms', () => {
    for (const r of raws) assert.ok(isAlertId(r.id), r.id);
    for (const id of [
      'dl4f7c2a9e-3b1d-4e6a-9c2f-8a7b6c5d4e3f',
      'da637551227677560813_-961444813',
      'dl-no-such-alert',
      'x',
    ])
      assert.ok(isAlertId(id), id);
    for (const id of HOSTILE) assert.equal(isAlertId(id), false, JSON.stringify(id));
  });

  it('Entra object ids are GUIDs; UPNs are local@domain (guests with #EXT# included); an assignee is either', () => {
    for (const u of tenant.directory.users) {
      assert.ok(isEntraObjectId(u.id), u.id);
      assert.ok(isUserPrincipalName(u.userPrincipalName), u.userPrincipalName);
      assert.ok(isUserKey(u.id) && isUserKey(u.userPrincipalName.toUpperCase()));
    }
    for (const r of raws) {
      const account = r.evidence.find((e: any) => e.userAccount)?.userAccount;
      if (account?.azureAdUserId) assert.ok(isEntraObjectId(account.azureAdUserId));
      if (account?.userPrincipalName)
        assert.ok(isUserPrincipalName(account.userPrincipalName), account.userPrincipalName);
      if (r.assignedTo) assert.ok(isUserPrincipalName(r.assignedTo), r.assignedTo);
    }
    for (const upn of [
      'guest_fabrikam.com#EXT#@contoso.example',
      "o'neil@contoso.com",
      'nobody@contoso.example',
      'a.b-c_d@sub.contoso.onmicrosoft.com',
    ])
      assert.ok(isUserPrincipalName(upn), upn);
    for (const bad of [
      ...HOSTILE,
      'Sam',
      '@contoso.com',
      'sam@',
      'sam@contoso',
      'sam@@contoso.com',
      'sam@contoso.com/..',
      'sam @contoso.com',
      `${'x'.repeat(250)}@contoso.com`,
    ]) {
      assert.equal(isUserKey(bad), false, JSON.stringify(bad));
    }
    assert.equal(isEntraObjectId('a0000000-0000-4000-8000-00000000000'), false);
  });

  it('card versions are ISO timestamps as the stores write them', () => {
    for (const r of raws) assert.ok(isTimestamp(r.lastUpdateDateTime), r.lastUpdateDateTime);
    for (const t of ['2026-03-04T09:16:05.7654321Z', '2026-03-04T09:16:05Z', '2026-03-04T09:16:05.123+02:00'])
      assert.ok(isTimestamp(t), t);
    for (const t of [
      'old',
      '..',
      '2026-03-04',
      '2026-03-04T09:16:05.7654321Z/..',
      '2026-13-40T99:99:99Z',
      'x'.repeat(100),
    ])
      assert.equal(isTimestamp(t), false, t);
  });
});

describe('alertRefSchema: the alert id and version every card verb carries', () => {
  const issue = (data: unknown) => {
    const r = alertRefSchema.safeParse(data);
    return r.success ? undefined : `${r.error.issues[0]!.path.join('.')}: ${r.error.issues[0]!.message}`;
  };

  it('accepts every seeded alert with its version (the id trimmed)', () => {
    for (const r of raws) assert.equal(issue({ alertId: ` ${r.id} `, version: r.lastUpdateDateTime }), undefined, r.id);
    assert.equal(alertRefSchema.parse({ alertId: ' dl1 ' }).alertId, 'dl1');
  });

  it('refuses dot segments, slashes, control characters and over-long ids with a short reason', () => {
    for (const alertId of ['.', '..', '../users', 'dl1/..', 'dl1\u0000', 'x'.repeat(257), '%2e%2e']) {
      assert.match(
        issue({ alertId }) ?? '',
        /^alertId: (that is not an alert id|the alert id is too long)$/,
        JSON.stringify(alertId),
      );
    }
    assert.equal(issue({ alertId: '   ' }), 'alertId: the alert id is empty');
    assert.equal(issue({ alertId: 'dl1', version: '..' }), 'version: the card version is not a date and time');
  });
});
