/**
 * The shapes of the ids DLP Triage takes from the wire (card data, typed commands, Teams activities)
 * and hands to its backends. Each admits every id Graph, the local seed and the demo feed use, and
 * nothing that could address another resource once it is put in a URL path: no `.` or `..`, no `/`,
 * `\`, `?`, `#` or `%` (UPNs excepted: `#EXT#`), no whitespace or control characters, nothing over-long.
 */

export const MAX_ALERT_ID_LENGTH = 256;
export const MAX_UPN_LENGTH = 256;

/**
 * alerts_v2 ids are letters, digits, `_` and `-`: `dl` + a GUID for DLP in the seed (graph-api.md §1.3,
 * the `dl` prefix unconfirmed), `da637551227677560813_-961444813` in Microsoft's examples.
 */
const ALERT_ID = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${MAX_ALERT_ID_LENGTH - 1}}$`);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * local@domain: the local part in the characters Entra allows in a UPN (letters, digits, ' . - _ ! # ^ ~,
 * plus + as in mail addresses; guests are `name_domain#EXT#@tenant`), then a DNS name of two labels or more.
 */
const UPN =
  /^[A-Za-z0-9'._!#^~+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
/** ISO 8601 date and time with a zone, as Graph (7 fractional digits) and `toISOString` write them. */
const TIMESTAMP =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/** An alerts_v2 alert id (1–256 letters, digits, `_`, `-`, starting with a letter or digit). */
export const isAlertId = (value: string): boolean => ALERT_ID.test(value);

/** An Entra object id: a GUID. */
export const isEntraObjectId = (value: string): boolean => GUID.test(value);

/** A user principal name, `local@domain`, at most 256 characters. */
export const isUserPrincipalName = (value: string): boolean => value.length <= MAX_UPN_LENGTH && UPN.test(value);

/** A Teams member id (bot-scoped, `29:` + letters, digits, `_`, `-`), as a people picker sends it. */
export const isTeamsMemberId = (value: string): boolean => /^29:[A-Za-z0-9_-]{1,256}$/.test(value);

/** How a person is named to the Directory: an Entra object id or a UPN. */
export const isUserKey = (value: string): boolean => isEntraObjectId(value) || isUserPrincipalName(value);

/** An ISO 8601 date and time with a zone (a card's `version` is the alert's lastUpdateDateTime). */
export const isTimestamp = (value: string): boolean => value.length <= 40 && TIMESTAMP.test(value);
