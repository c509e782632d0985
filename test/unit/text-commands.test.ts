import { strict as assert } from 'node:assert';
import { md } from '../../cards/card-text.js';
import { parseTextCommand } from '../../bot/text-commands.js';

describe('parseTextCommand: near misses get their usage line', () => {
  for (const [typed, usage] of [
    ['audit', 'audit <alertId>'],
    ['audit a b', 'audit <alertId>'],
    ['alert', 'alert <id>'],
    ['route add', 'route add <conditions>'],
    ['route remove', 'route remove <n>'],
    ['route remove first', 'route remove <n>'],
    ['triage here now', 'triage here [default] [au=<unit>,...]'],
    ['digest sometimes', 'digest <subscribe [HH:MM] [Area/City] | now | settings | unsubscribe>'],
  ]) {
    it(`"${typed}" → usage of ${usage}`, () => {
      const command = parseTextCommand(typed!);
      assert.equal(command.name, 'usage');
      assert.equal((command as { usage: string }).usage, usage);
    });
  }

  it('a command that merely starts like one ("alerts", "auditor") stays unknown', () => {
    assert.equal(parseTextCommand('alerts please').name, 'unknown');
    assert.equal(parseTextCommand('auditor').name, 'unknown');
  });
});

describe('md: data cannot become Teams markup', () => {
  it('escapes links, emphasis, code, tags and leading list or heading markers', () => {
    assert.equal(
      md('[x](https://e.example) **b** `c` <at>A</at> ~s~'),
      '\\[x\\](https://e.example) \\*\\*b\\*\\* \\`c\\` \\<at\\>A\\</at\\> \\~s\\~',
    );
    assert.equal(md('# h'), '\\# h');
    assert.equal(md('- item'), '\\- item');
    assert.equal(md('1. one'), '1\\. one');
    assert.equal(md('a\\b'), 'a\\\\b');
  });
});
