import { TABLES, type HuntingHost } from './graph-emulator-hunting-tables.js';
import { bad, EmuError, type EmuRequest, type Route } from './graph-emulator-types.js';

export type { HuntingHost, HuntingTable } from './graph-emulator-hunting-tables.js';

type Row = Record<string, unknown>;

/** Advanced hunting's default window when the request names no timespan (graph-api.md §8). */
const DEFAULT_DAYS = 30;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?Z$/;

/** A table in flight: its columns (in order), their types, and rows. */
interface Table {
  columns: string[];
  types: Record<string, string>;
  rows: Row[];
}

/**
 * `POST /security/runHuntingQuery` (graph-api.md §8): the documented body (`query`, optional `timespan`; the docs'
 * examples spell them `Query`/`Timespan`, the v1.0 metadata and the SDKs `query`/`timespan`, so both are taken, not
 * both at once), ThreatHunting.Read.All, and the KQL shapes DLP Triage builds over CloudAppEvents and
 * DataSecurityEvents: `where` on AccountObjectId, on a Timestamp range and `isnotempty(column)`, `project`, `order by
 * Timestamp`, `take`, `count`. Any other KQL is a 400, as a query Graph cannot parse; a table the tenant lacks is
 * Kusto's semantic error. Answers `{ schema, results }` with rows keyed by column name.
 */
export function huntingRoutes(host: HuntingHost): Route[] {
  return [
    {
      api: 'graph',
      method: 'POST',
      pattern: /^\/v1\.0\/security\/runHuntingQuery$/,
      roles: [['ThreatHunting.Read.All']],
      handle(req) {
        const { query, timespan } = huntingBody(req);
        const lines = query.split('\n').map((l) => l.trim());
        const name = lines[0]!;
        if (!Object.hasOwn(TABLES, name)) throw bad(`Query could not be parsed at '${name}' on line [1,0]`);
        const { columns: types, rows: of } = TABLES[name]!;
        const [all, state] = of(host);
        if (state === 'absent')
          throw new EmuError(400, 'BadRequest', `Failed to resolve table or column expression named '${name}'`);
        const [start, end] = window(timespan, host.now());
        const rows = state === 'empty' ? [] : all.filter((r) => inWindow(r, start, end));
        const table = lines
          .slice(1)
          .reduce<Table>((t, line, i) => operator(line, i + 2)(t), { columns: Object.keys(types), types, rows });
        return {
          status: 200,
          body: {
            '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.security.huntingQueryResults',
            schema: table.columns.map((c) => ({ name: c, type: types[c] ?? 'Int64' })),
            results: table.rows.map((r) => Object.fromEntries(table.columns.map((c) => [c, r[c] ?? null]))),
          },
        };
      },
    },
  ];
}

/** The body: exactly one query property (either casing), an optional timespan, nothing else. */
function huntingBody(req: EmuRequest): { query: string; timespan?: string } {
  const body = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('The request body must be a JSON object.');
  const keys = Object.keys(body);
  const extra = keys.filter((k) => !['query', 'Query', 'timespan', 'Timespan'].includes(k));
  if (extra.length) throw bad(`The parameter '${extra[0]}' in the request payload is not a valid parameter.`);
  const pick = (a: string, b: string) => {
    if (keys.includes(a) && keys.includes(b)) throw bad(`The parameter '${a}' is given twice.`);
    return (body as Row)[a] ?? (body as Row)[b];
  };
  const query = pick('query', 'Query');
  const timespan = pick('timespan', 'Timespan');
  if (typeof query !== 'string' || query.trim() === '') throw bad("The parameter 'Query' is required.");
  if (timespan !== undefined && typeof timespan !== 'string') throw bad("The parameter 'Timespan' must be a string.");
  return { query, timespan };
}

/** One KQL line as a table transform; a line the emulator does not know is a parse error, as Graph answers. */
function operator(line: string, lineNo: number): (t: Table) => Table {
  let m: RegExpExecArray | null;
  if ((m = /^\| where AccountObjectId == "([0-9a-f-]{36})"$/.exec(line))) {
    const id = m[1]!;
    return (t) => ({ ...t, rows: t.rows.filter((r) => r.AccountObjectId === id) });
  }
  if ((m = /^\| where Timestamp between \(datetime\(([^()]+)\) \.\. datetime\(([^()]+)\)\)$/.exec(line))) {
    const [from, to] = [m[1]!, m[2]!].map((d) => instant(d, lineNo));
    return (t) => ({ ...t, rows: t.rows.filter((r) => inWindow(r, from!, to!, true)) });
  }
  if ((m = /^\| where isnotempty\((\w+)\)$/.exec(line))) {
    const column = m[1]!;
    return (t) => {
      if (!Object.hasOwn(t.types, column)) throw bad(`Failed to resolve scalar expression named '${column}'`);
      return { ...t, rows: t.rows.filter((r) => r[column] !== null && r[column] !== undefined && r[column] !== '') };
    };
  }
  if ((m = /^\| project (\w+(?:, \w+)*)$/.exec(line))) {
    const columns = m[1]!.split(', ');
    return (t) => {
      const unknown = columns.find((c) => !Object.hasOwn(t.types, c));
      if (unknown) throw bad(`Failed to resolve scalar expression named '${unknown}'`);
      return { ...t, columns };
    };
  }
  if ((m = /^\| order by Timestamp (asc|desc)$/.exec(line))) {
    const sign = m[1] === 'asc' ? 1 : -1;
    return (t) => ({ ...t, rows: [...t.rows].sort((a, b) => sign * (ticks(a) - ticks(b))) });
  }
  if ((m = /^\| take (\d{1,6})$/.exec(line))) {
    const n = Number(m[1]);
    return (t) => ({ ...t, rows: t.rows.slice(0, n) });
  }
  if (line === '| count') return (t) => ({ columns: ['Count'], types: {}, rows: [{ Count: t.rows.length }] });
  throw bad(`Query could not be parsed at '${line.slice(0, 40)}' on line [${lineNo},0]`);
}

/** A `datetime(...)` literal: ISO 8601 UTC. */
function instant(literal: string, lineNo: number): number {
  if (!ISO.test(literal)) throw bad(`Query could not be parsed at 'datetime(${literal})' on line [${lineNo},0]`);
  return Date.parse(literal);
}

/**
 * The timespan as [start, end): an interval `a/b`, `P…/b`, `a/P…`, a duration back from now, or a start up to now
 * (the documented forms); the 30-day default without one. The end is taken as exclusive (unconfirmed for Graph).
 */
function window(timespan: string | undefined, now: number): [number, number] {
  if (timespan === undefined) return [now - DEFAULT_DAYS * 86_400_000, now + 1];
  const parts = timespan.split('/');
  const date = (s: string) => (ISO.test(s) ? Date.parse(s) : undefined);
  const span = (s: string) => duration(s);
  const invalid = () => bad(`'${timespan}' is not a valid ISO 8601 timespan.`);
  if (parts.length === 1) {
    const d = span(parts[0]!) ?? (date(parts[0]!) === undefined ? undefined : now + 1 - date(parts[0]!)!);
    if (d === undefined) throw invalid();
    return [now + 1 - d, now + 1];
  }
  if (parts.length !== 2) throw invalid();
  const [a, b] = parts as [string, string];
  const end = date(b) ?? (date(a) !== undefined && span(b) !== undefined ? date(a)! + span(b)! : undefined);
  const start = date(a) ?? (end !== undefined && span(a) !== undefined ? end - span(a)! : undefined);
  if (start === undefined || end === undefined || start > end) throw invalid();
  return [start, end];
}

/** `P30D`, `PT12H`, `P1DT2H30M` in ms; undefined if it is not one. */
function duration(text: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [d, h, min, s] = m.slice(1).map((x) => Number(x ?? 0));
  return ((d! * 24 + h!) * 60 + min!) * 60_000 + s! * 1000;
}

/** Timestamp in ms, to the ms (the seed's 7-digit ticks below a ms do not decide anything here). */
function ticks(row: Row): number {
  return Date.parse(String(row.Timestamp));
}

function inWindow(row: Row, start: number, end: number, inclusiveEnd = false): boolean {
  const t = ticks(row);
  return t >= start && (inclusiveEnd ? t <= end : t < end);
}
