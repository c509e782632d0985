/** What a user reads when the person to assign cannot be found; it repeats no id the card sent. */
export const ASSIGNEE_NOT_FOUND =
  'That person is not in the directory (or cannot be found). Pick someone from the list.';

// A typed user principal name is the user's own words; anything else (an Entra object id, a Teams member
// id `29:…`) is an internal id and is never shown back.
const UPN = /^(?!29:)[^\s@"<>]+@[^\s@"<>]+\.[^\s@"<>]+$/;

/** The refusal for an assignee the directory does not know: names a typed UPN back, nothing else. */
export function unknownAssigneeMessage(assignee: string): string {
  const typed = assignee.trim();
  return UPN.test(typed)
    ? `There is no user "${typed.slice(0, 100)}" in the directory. Pick someone from the list.`
    : ASSIGNEE_NOT_FOUND;
}
