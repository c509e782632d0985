import { strict as assert } from 'node:assert';
import { dayLabel } from '../../../../cards/reader-dates.js';
import { Messages } from '../../../../src/i18n/messages.js';
import {
  canonicalTimeZone,
  localDateOf,
  localTimeOf,
  parseTimeOfDay,
} from '../../../../src/triage/digest/local-time.js';
import { TriageError } from '../../../../src/triage/triage-error.js';

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
    // The day label is the card's (in the reader's locale), the day the zone's.
    const britishReader = new Messages().translator({ locale: 'en-GB' });
    assert.equal(dayLabel(britishReader, instant, 'Europe/Berlin'), 'Sun 29 Mar');
  });
});
