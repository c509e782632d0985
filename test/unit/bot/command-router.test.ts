import { strict as assert } from 'node:assert';
import { parseCommand } from '../../support/command-parsing.js';

describe('typed commands: near misses get their usage line', () => {
  for (const [typed, usage] of [
    ['audit', 'audit <alertId>'],
    ['audit a b', 'audit <alertId>'],
    ['alert', 'alert <id>'],
    ['route add', 'route add <conditions>'],
    ['route remove', 'route remove <n>'],
    ['route remove first', 'route remove <n>'],
    ['triage here now', 'triage here [default] [au=<unit>,...] [group=incident]'],
    ['triage here group=thread', 'triage here [default] [au=<unit>,...] [group=incident]'],
    ['digest sometimes', 'digest <subscribe [HH:MM] [Area/City] | now | settings | unsubscribe>'],
  ]) {
    it(`"${typed}" → usage of ${usage}`, () => {
      assert.deepEqual(parseCommand(typed!), { usage: [usage] });
    });
  }

  it('a command that merely starts like one ("alerts", "auditor") stays unknown', () => {
    assert.equal(parseCommand('alerts please'), 'unknown');
    assert.equal(parseCommand('auditor'), 'unknown');
  });
});

describe('typed commands: names, aliases and arguments', () => {
  it('reads each command with its arguments, whatever the case and spacing', () => {
    assert.deepEqual(parseCommand('  Triage   here default au=EMEA,APAC '), {
      name: 'triage here',
      args: { makeDefault: true, administrativeUnits: ['EMEA', 'APAC'] },
    });
    assert.deepEqual(parseCommand('triage here group=incident au=EMEA'), {
      name: 'triage here',
      args: { makeDefault: false, administrativeUnits: ['EMEA'], group: 'incident' },
    });
    assert.deepEqual(parseCommand('triage here group=incident group=alert'), {
      name: 'triage here',
      args: { makeDefault: false, administrativeUnits: [] },
    });
    assert.deepEqual(parseCommand('route remove 2'), { name: 'route remove', args: 2 });
    assert.deepEqual(parseCommand('route add severity>=high policy="PCI"'), {
      name: 'route add',
      args: 'severity>=high policy="PCI"',
    });
    assert.deepEqual(parseCommand('alert dl123-abc'), { name: 'alert', args: 'dl123-abc' });
    assert.deepEqual(parseCommand('MY ALERTS'), { name: 'my alerts', args: '' });
  });

  it('aliases stand for their command: routes, ?, and an empty mention', () => {
    assert.deepEqual(parseCommand('routes'), { name: 'route list', args: '' });
    assert.deepEqual(parseCommand('?'), { name: 'help', args: '' });
    assert.deepEqual(parseCommand(''), { name: 'help', args: '' });
  });

  it('an argument that is no alert id is refused with what an alert id is; a dot never reaches a backend', () => {
    for (const text of ['alert ..', 'audit .', 'alert a/b']) {
      const parsed = parseCommand(text);
      assert.ok(typeof parsed === 'object' && 'refused' in parsed, text);
      assert.match(parsed.refused, /^That is not an alert id/);
    }
  });

  it('a first word shared by several commands lists them all', () => {
    assert.deepEqual(parseCommand('route'), { usage: ['route list', 'route add <conditions>', 'route remove <n>'] });
  });
});
