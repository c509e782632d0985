import { randomBytes } from 'node:crypto';

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
 * `JSON.stringify(body)`, with each JsonText property spliced in as the JSON it holds (one level: deeper
 * ones are not looked for, which keeps the stringify of the rest free of a replacer). The placeholders
 * carry a random nonce per call, so no string in the data (escaped by JSON.stringify the same way) can
 * stand for one.
 */
export function jsonBody(body: Record<string, unknown>): string {
  const texts: string[] = [];
  const nonce = randomBytes(9).toString('base64url');
  const shallow = Object.fromEntries(
    Object.entries(body).map(([k, v]) => [k, v instanceof JsonText ? `\u0000${nonce}:${texts.push(v.text) - 1}` : v]),
  );
  const json = JSON.stringify(shallow);
  return json.replace(new RegExp(`"\\\\u0000${nonce}:(\\d+)"`, 'g'), (_, i: string) => texts[Number(i)]!);
}
