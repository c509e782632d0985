/**
 * The Teams conventions DLP Triage writes into alert comments and messages, and reads back: the
 * "<name> (via Teams): <text>" comment it writes on someone's behalf, the assignment comment, and the
 * `<at>Name</at>` mention markup. Everything that writes or parses these strings goes through here, so
 * the writer and the readers cannot drift apart.
 */

// The name is at most 120 characters up to the first " (via Teams): ", so a comment text that itself
// contains the marker still credits the right person.
const VIA_TEAMS = /^(.{1,120}?) \(via Teams\): ([\s\S]*)$/;
const ASSIGNED = 'assigned the alert to ';
// Assignment comments are read both as written and after the Graph mapper moved the prefix into the author.
const ASSIGNMENT = /^(?:.{1,120}? \(via Teams\): )?assigned the alert to /;

/** The comment DLP Triage writes for `author` (a display name, else an id): "<author> (via Teams): <text>". */
export function viaTeamsComment(author: string, text: string): string {
  return `${author} (via Teams): ${text}`;
}

/** The person a "<name> (via Teams): " comment names and what they said; undefined without the prefix. */
export function parseViaTeamsComment(comment: string): { author: string; text: string } | undefined {
  const m = VIA_TEAMS.exec(comment);
  return m ? { author: m[1]!, text: m[2]! } : undefined;
}

/** What an assignment says in the alert's comments (after the via-Teams prefix): "assigned the alert to <name>". */
export function assignmentText(assigneeName: string): string {
  return `${ASSIGNED}${assigneeName}`;
}

/** Whether a comment records an assignment made in Teams, with or without its via-Teams prefix. */
export function isAssignmentComment(text: string): boolean {
  return ASSIGNMENT.test(text);
}

/** The markup of an @mention in a Teams message; the message's mention entity must carry the same text. */
export function mentionMarkup(name: string): string {
  return `<at>${name}</at>`;
}

/** Text with every `<at>…</at>` mention taken out (what is left of a message once its mentions are read). */
export function withoutMentions(text: string): string {
  return text.replace(/<at>.*?<\/at>/g, '');
}
