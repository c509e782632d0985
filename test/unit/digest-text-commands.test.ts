import { strict as assert } from 'node:assert';
import { parseCommand, registeredCommands } from '../support/command-parsing.js';
import {
  canonicalTimeZone,
  localDateOf,
  localDayLabel,
  localTimeOf,
  parseTimeOfDay,
} from '../../src/triage/digest/local-time.js';
import { TriageError } from '../../src/triage/triage-error.js';

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

describe('local time helpers', () => {
  it('times of day: 24-hour HH:MM, normalised; anything else refused with the format', () => {
    assert.equal(parseTimeOfDay('7:05'), '07:05');
    assert.equal(parseTimeOfDay('23:59'), '23:59');
    assert.equal(parseTimeOfDay('00:00'), '00:00');
    for (const bad of ['24:00', '7:5', '7h30', '', '-1:00'])
      assert.throws(
        () => parseTimeOfDay(bad),
        (e: unknown) => e instanceof TriageError && e.code === 'invalid',
      );
  });

  it('time zones: IANA names in any case, canonical spelling; unknown ones are undefined', () => {
    assert.equal(canonicalTimeZone('europe/berlin'), 'Europe/Berlin');
    assert.equal(canonicalTimeZone('UTC'), 'UTC');
    assert.equal(canonicalTimeZone('Mars/Olympus'), undefined);
    assert.equal(canonicalTimeZone(''), undefined);
  });

  it('local date, time and day label of an instant', () => {
    const instant = new Date('2026-03-28T23:30:00Z');
    assert.deepEqual(
      [localDateOf(instant, 'Europe/Berlin'), localTimeOf(instant, 'Europe/Berlin')],
      ['2026-03-29', '00:30'],
    );
    assert.deepEqual(
      [localDateOf(instant, 'America/New_York'), localTimeOf(instant, 'America/New_York')],
      ['2026-03-28', '19:30'],
    );
    assert.equal(localDayLabel(instant, 'Europe/Berlin'), 'Sun 29 Mar');
  });
});
