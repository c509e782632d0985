/**
 * JSON serialised once and sent many times (a card view that a burst of readers shares): `jsonBody`, the
 * HTTP answer's writer, splices its text in place instead of parsing and serialising it again. Any other
 * serialiser gets the same JSON through `toJSON`, only slower.
 */
export class JsonText {
  constructor(readonly text: string) {}

  toJSON(): unknown {
    return JSON.parse(this.text);
  }
}

/** Whether `body` is an object with a JsonText as one of its own properties. */
export function holdsJsonText(body: unknown): body is Record<string, unknown> {
  return typeof body === 'object' && body !== null && Object.values(body).some((v) => v instanceof JsonText);
}

/**
 * `JSON.stringify(body)`, with each JsonText property written as the JSON it holds (one level: deeper ones
 * are serialised through `toJSON`). Properties JSON.stringify leaves out (undefined, functions) are left out.
 */
export function jsonBody(body: Record<string, unknown>): string {
  const members: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const json = value instanceof JsonText ? value.text : (JSON.stringify(value) as string | undefined);
    if (json !== undefined) members.push(`${JSON.stringify(key)}:${json}`);
  }
  return `{${members.join(',')}}`;
}
