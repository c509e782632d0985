import { strict as assert } from 'node:assert';
import { graphPath } from '../../../../src/backends/graph/graph-path.js';
import { TriageError } from '../../../../src/triage/triage-error.js';

const refused = (e: unknown) =>
  e instanceof TriageError &&
  e.code === 'invalid' &&
  /not a valid id/.test(e.userMessage) &&
  !/\.\./.test(e.userMessage);

describe('graphPath: the one way an id becomes part of a Graph or Defender API path', () => {
  it('puts each id into exactly one percent-encoded segment', () => {
    assert.equal(
      graphPath`/security/alerts_v2/${'dl4f7c2a9e-3b1d-4e6a-9c2f-8a7b6c5d4e3f'}`,
      '/security/alerts_v2/dl4f7c2a9e-3b1d-4e6a-9c2f-8a7b6c5d4e3f',
    );
    assert.equal(
      graphPath`/users/${'guest_fabrikam.com#EXT#@contoso.example'}/getMemberGroups`,
      '/users/guest_fabrikam.com%23EXT%23%40contoso.example/getMemberGroups',
    );
    assert.equal(
      graphPath`/drives/${'b!abc'}/items/${'01X'}/permissions/${'aTo/w+Iy=='}`,
      '/drives/b!abc/items/01X/permissions/aTo%2Fw%2BIy%3D%3D',
    );
    assert.equal(graphPath`/machines/${'a?b#c d%2e'}/isolate`, '/machines/a%3Fb%23c%20d%252e/isolate');
    assert.equal(graphPath`/users/${'.hidden'}`, '/users/.hidden', 'a dot inside an id is no dot segment');
    assert.equal(graphPath`/users/${'...'}`, '/users/...', 'three dots are a name, not a dot segment');
  });

  it('refuses ids that would address another resource, before anything is sent', () => {
    for (const id of ['', '.', '..', '$count', '$ref', 'x'.repeat(1025), 'a\u0000b', 'a\nb', '\ud800']) {
      assert.throws(() => graphPath`/security/alerts_v2/${id}`, refused, JSON.stringify(id));
    }
    assert.throws(() => graphPath`/drives/${'ok'}/items/${'..'}/permissions/${'p1'}`, refused);
    assert.throws(() => graphPath`/users/${undefined as unknown as string}`, refused, 'a missing id');
  });
});
