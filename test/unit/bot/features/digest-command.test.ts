import { strict as assert } from 'node:assert';
import { parseCommand, registeredCommands } from '../../../support/command-parsing.js';

describe('digest text commands', () => {
  it('parses subscribe with optional time and zone, in either order', () => {
    assert.deepEqual(parseCommand('digest subscribe'), {
      name: 'digest',
      args: { op: 'subscribe', time: undefined, timeZone: undefined },
    });
    assert.deepEqual(parseCommand('digest subscribe 07:30 Europe/London'), {
      name: 'digest',
      args: { op: 'subscribe', time: '07:30', timeZone: 'Europe/London' },
    });
    assert.deepEqual(parseCommand('Digest  Subscribe Europe/London 7:30'), {
      name: 'digest',
      args: { op: 'subscribe', time: '7:30', timeZone: 'Europe/London' },
    });
    assert.deepEqual(parseCommand('digest subscribe America/New_York'), {
      name: 'digest',
      args: { op: 'subscribe', time: undefined, timeZone: 'America/New_York' },
    });
    // Bad values are parsed as given and refused by the service with a message that explains the format.
    assert.deepEqual(parseCommand('digest subscribe 25:00 Mars/Olympus'), {
      name: 'digest',
      args: { op: 'subscribe', time: '25:00', timeZone: 'Mars/Olympus' },
    });
  });

  it('parses now, settings (also a bare "digest"), unsubscribe; anything else gets the digest usage line', () => {
    assert.deepEqual(parseCommand('digest now'), { name: 'digest', args: { op: 'now' } });
    assert.deepEqual(parseCommand('digest settings'), { name: 'digest', args: { op: 'settings' } });
    assert.deepEqual(parseCommand('digest'), { name: 'digest', args: { op: 'settings' } });
    assert.deepEqual(parseCommand('digest unsubscribe'), { name: 'digest', args: { op: 'unsubscribe' } });
    for (const text of [
      'digest subscribe 07:30 08:00',
      'digest subscribe a b c',
      'digest now please',
      'digest weekly',
    ]) {
      assert.deepEqual(
        parseCommand(text),
        { usage: [registeredCommands.find((c) => c.name === 'digest')!.usage] },
        text,
      );
    }
  });

  it('is one line of help, so the Teams command menu gets one "digest" entry', () => {
    const lines = registeredCommands.filter((c) => c.usage.startsWith('digest'));
    assert.equal(lines.length, 1);
    assert.equal(lines[0]!.name, 'digest');
  });
});
