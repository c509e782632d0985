import assert from 'node:assert/strict';
import { displayNames } from '../../../src/triage/display-names.js';

describe('displayNames', () => {
  it('asks once per person whatever the spelling, keys by the lower-cased id, and leaves out who it cannot name', async () => {
    const asked: string[] = [];
    const directory = {
      async getUser(id: string) {
        asked.push(id);
        if (id === 'down@contoso.example') throw new Error('directory down');
        if (id === 'nameless@contoso.example') return { id: 'n', displayName: '', userPrincipalName: id };
        return id === 'sam@contoso.example'
          ? { id: 's', displayName: 'Sam Analyst', userPrincipalName: id }
          : undefined;
      },
    };
    const names = await displayNames(directory as never, [
      'Sam@Contoso.example',
      'sam@contoso.example',
      undefined,
      'down@contoso.example',
      'nameless@contoso.example',
      'ghost@contoso.example',
    ]);
    assert.deepEqual([...names], [['sam@contoso.example', 'Sam Analyst']]);
    assert.deepEqual(asked.sort(), [
      'down@contoso.example',
      'ghost@contoso.example',
      'nameless@contoso.example',
      'sam@contoso.example',
    ]);
  });
});
