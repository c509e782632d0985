import { TriageError } from '../../triage/triage-error.js';

/** Longer than any Graph or Defender id (drive items, sharing permissions and machines are far shorter). */
const MAX_SEGMENT_LENGTH = 1024;
const CONTROL = /\p{Cc}/u;

/**
 * An API path built from literal parts and ids, as a tagged template (graphPath`/users/${id}`): each id
 * becomes exactly one percent-encoded segment. `encodeURIComponent` leaves `.` and `..` as they are, and
 * URL resolution (fetch, the WHATWG URL parser, `%2e` included) turns `/users/..` into the service root,
 * so an id that is empty, `.` or `..`, starts with `$` (an OData segment such as `$count`), is over-long,
 * holds a control character or is not well-formed Unicode is refused with a TriageError `invalid`
 * before any request is made.
 */
export function graphPath(literals: TemplateStringsArray, ...ids: string[]): string {
  let path = literals[0]!;
  ids.forEach((id, i) => {
    path += segment(id) + literals[i + 1]!;
  });
  return path;
}

function segment(id: unknown): string {
  const refused = () =>
    new TriageError('invalid', 'That is not a valid id, so DLP Triage sent no request for it and nothing was changed.');
  if (
    typeof id !== 'string' ||
    id === '' ||
    id === '.' ||
    id === '..' ||
    id.startsWith('$') ||
    id.length > MAX_SEGMENT_LENGTH ||
    CONTROL.test(id)
  )
    throw refused();
  try {
    return encodeURIComponent(id);
  } catch {
    throw refused(); // URIError: a lone surrogate, not well-formed Unicode
  }
}
