import { strict as assert } from 'node:assert';
import {
  assignmentText,
  isAssignmentComment,
  mentionMarkup,
  parseViaTeamsComment,
  viaTeamsComment,
} from '../../../src/triage/teams-markup.js';

describe('Teams markup: the via-Teams comment and mention conventions, written and read in one place', () => {
  it('a comment written for someone parses back to the same author and text', () => {
    const text = 'Checked with the owner.\nSecond line (via Teams): not a marker';
    const written = viaTeamsComment('Sam Analyst', text);
    assert.equal(written, `Sam Analyst (via Teams): ${text}`);
    assert.deepEqual(parseViaTeamsComment(written), { author: 'Sam Analyst', text });
  });

  it('the author is the shortest prefix up to 120 characters; anything else is no via-Teams comment', () => {
    assert.deepEqual(parseViaTeamsComment('A (via Teams): B (via Teams): c'), {
      author: 'A',
      text: 'B (via Teams): c',
    });
    assert.equal(parseViaTeamsComment(viaTeamsComment('x'.repeat(121), 'hi')), undefined);
    assert.ok(parseViaTeamsComment(viaTeamsComment('x'.repeat(120), 'hi')));
    assert.equal(parseViaTeamsComment('a plain comment'), undefined);
    assert.equal(parseViaTeamsComment(' (via Teams): no name'), undefined);
  });

  it('an assignment comment is recognised as written and after the mapper moved the prefix into the author', () => {
    const written = viaTeamsComment('Avery Admin', assignmentText('Emma Analyst'));
    assert.equal(isAssignmentComment(written), true);
    assert.equal(isAssignmentComment(parseViaTeamsComment(written)!.text), true);
    assert.equal(isAssignmentComment('Avery Admin (via Teams): set the status to resolved'), false);
    assert.equal(isAssignmentComment('I have assigned the alert to Emma'), false);
  });

  it('a mention is <at>Name</at>', () => {
    assert.equal(mentionMarkup('Emma Analyst'), '<at>Emma Analyst</at>');
  });
});
