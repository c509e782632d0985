/*
 * adaptivecards-templating evaluates each `${…}` through Adaptive Expressions on every expansion: most of the
 * time (and garbage) of drawing an alert card. Bindings that are plain property paths (`${title}`,
 * `${$root.alertId}`, `${$data}`, `$when: ${!flag}`) are compiled here into closures; anything else — another
 * expression, a missing or null value, a value whose text is not certain — is left to the library, so the
 * output is the library's (test/unit/cards/compiled-template.test.ts compares the two) for data whose keys
 * do not differ only by case (the library matches names ignoring case; card data keys are the code's own).
 */

/** Answered (and thrown inside) when only the library can expand: another expression, a missing value… */
export const LIBRARY = Symbol('expand with the library');

interface Scope {
  root: unknown;
  data: unknown;
}
type Expand = (scope: Scope) => unknown;

const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);
const PATH =
  /^(?:\$root(?:\.[A-Za-z_]\w*)+|\$data(?:\.[A-Za-z_]\w*)*|(?!(?:true|false|null|undefined)\b)[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)$/;
const WHOLE = /^\$\{(!?)([^{}]*)\}$/;
/** Literal text that Adaptive Expressions reads as text inside an interpolated string, unchanged. */
const PLAIN = /^[^\\`${}]*$/;

/**
 * The template compiled into a function of the `$root` data answering the library's expansion, or LIBRARY
 * for data it does not cover; undefined when a binding of the template is beyond it.
 */
export function compileTemplate(payload: unknown): ((root: object) => unknown) | undefined {
  const compiled = orLibrary(() => compile(payload));
  if (compiled === LIBRARY) return undefined;
  return (root) => orLibrary(() => compiled({ root, data: root }));
}

/** What `fn` returns, or LIBRARY when it met something only the library handles. */
function orLibrary<T>(fn: () => T): T | typeof LIBRARY {
  try {
    return fn();
  } catch (e) {
    if (e === LIBRARY) return LIBRARY;
    throw e;
  }
}

function compile(node: unknown): Expand {
  if (typeof node === 'string') return compileString(node);
  if (Array.isArray(node)) return compileArray(node.map(compile));
  if (node !== null && typeof node === 'object') return compileObject(node as Record<string, unknown>);
  return () => node;
}

/** A binding's path, read from the scope; a missing or null value goes to the library (which substitutes). */
function compilePath(expression: string): (scope: Scope) => unknown {
  if (!PATH.test(expression)) throw LIBRARY;
  const [head, ...rest] = expression.split('.');
  const start = (s: Scope) => (head === '$root' ? s.root : head === '$data' ? s.data : field(s.data, head!));
  return (scope) => {
    let value = start(scope);
    for (const name of rest) value = field(value, name);
    if (value === undefined || value === null) throw LIBRARY;
    return value;
  };
}

/**
 * A property as the library finds it in a plain object: an enumerable own key. Card data is built of
 * object literals, whose own keys are all enumerable, so an own key is enough (and `Object.hasOwn` is a
 * third of the cost of `propertyIsEnumerable`, a few hundred times per card). (The library takes the first
 * key equal ignoring case; data with two keys differing only by case is not supported.)
 */
function field(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw LIBRARY;
  if (!Object.hasOwn(value, name)) throw LIBRARY;
  return (value as Record<string, unknown>)[name];
}

function compileString(text: string): Expand {
  if (!text.includes('${')) return () => text;
  const whole = WHOLE.exec(text);
  if (whole) {
    if (whole[1]) throw LIBRARY; // `!` only in $when
    return compilePath(whole[2]!);
  }
  const parts: (string | ((s: Scope) => unknown))[] = [];
  const re = /\$\{([^{}]*)\}/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    parts.push(literal(text.slice(last, m.index)), compilePath(m[1]!));
    last = m.index + m[0].length;
  }
  parts.push(literal(text.slice(last)));
  return (scope) => {
    let out = '';
    for (const part of parts) out += typeof part === 'string' ? part : asText(part(scope));
    return out;
  };
}

function literal(text: string): string {
  if (!PLAIN.test(text)) throw LIBRARY;
  return text;
}

/** How the library writes a value into a string (`toString()`), for the values whose text is certain. */
function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw LIBRARY;
}

/** As the library: items expanding to null are dropped, items expanding to an array are spliced in. */
function compileArray(items: Expand[]): Expand {
  return (scope) => {
    const out: unknown[] = [];
    for (const item of items) {
      const value = item(scope);
      if (value === null) continue;
      if (Array.isArray(value)) out.push(...(value as unknown[]));
      else out.push(value);
    }
    return out;
  };
}

/**
 * As the library: `$data` repeats the object over an array (or moves into an object), `$when` keeps it only
 * when true; none left is null (which arrays drop and properties keep), one is the object, more an array.
 */
function compileObject(node: Record<string, unknown>): Expand {
  const when = node.$when === undefined ? undefined : compileWhen(node.$when);
  const contexts = node.$data === undefined ? undefined : compileData(node.$data);
  const fields = Object.keys(node)
    .filter((k) => !RESERVED.has(k))
    .map((k) => [k, compile(node[k])] as const);
  const one = (scope: Scope) => {
    if (when && !when(scope)) return undefined;
    const out: Record<string, unknown> = {};
    for (const [key, value] of fields) out[key] = value(scope);
    return out;
  };
  return (scope) => {
    if (!contexts) return one(scope) ?? null;
    const out = [];
    for (const data of contexts(scope)) {
      const expanded = one({ root: scope.root, data });
      if (expanded) out.push(expanded);
    }
    return out.length === 0 ? null : out.length === 1 ? out[0] : out;
  };
}

/** `$when: "${path}"` (kept when exactly true) or `"${!path}"` (kept when false); anything else: the library. */
function compileWhen(when: unknown): (scope: Scope) => boolean {
  const m = typeof when === 'string' ? WHOLE.exec(when) : null;
  if (!m) throw LIBRARY;
  const read = compilePath(m[2]!);
  if (!m[1]) return (scope) => read(scope) === true;
  return (scope) => {
    const value = read(scope);
    if (typeof value !== 'boolean') throw LIBRARY;
    return !value;
  };
}

/** `$data: "${path}"`: the items to repeat over (one context for a value that is not an array). */
function compileData(data: unknown): (scope: Scope) => readonly unknown[] {
  const m = typeof data === 'string' ? WHOLE.exec(data) : null;
  if (!m || m[1]) throw LIBRARY;
  const read = compilePath(m[2]!);
  return (scope) => {
    const value = read(scope);
    if (!Array.isArray(value)) return [value];
    if (value.some((v) => v === undefined)) throw LIBRARY;
    return value;
  };
}
