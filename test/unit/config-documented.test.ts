import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = readFileSync(path.join(root, '.env.sample'), 'utf8');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const keys = Object.keys(loadConfig({})).filter((k) => k !== 'localMode');

describe('every configuration key is documented', () => {
  it('.env.sample lists each key (KEY=…) with a comment', () => {
    const missing = keys.filter((k) => !new RegExp(`^${k}=`, 'm').test(sample));
    assert.deepEqual(missing, []);
  });

  it('the README names each key', () => {
    const missing = keys.filter((k) => !readme.includes(`\`${k}\``));
    assert.deepEqual(missing, []);
  });
});
