import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';

/** A placeholder as translators must keep it: its name and kind (text, number, date, time, select, plural…). */
function placeholders(elements: readonly MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    switch (el.type) {
      case TYPE.argument:
        into.add(`${el.value}:text`);
        break;
      case TYPE.number:
        into.add(`${el.value}:number`);
        break;
      case TYPE.date:
        into.add(`${el.value}:date`);
        break;
      case TYPE.time:
        into.add(`${el.value}:time`);
        break;
      case TYPE.select:
        into.add(`${el.value}:select`);
        for (const option of Object.values(el.options)) placeholders(option.value, into);
        break;
      case TYPE.plural:
        into.add(`${el.value}:${el.pluralType === 'ordinal' ? 'selectordinal' : 'plural'}`);
        for (const option of Object.values(el.options)) placeholders(option.value, into);
        break;
      default:
        break; // literal text and `#`
    }
  }
  return into;
}

/** The placeholders of one message, sorted; throws when it does not parse (tags off, as the runtime reads it). */
export function placeholdersOf(message: string): string[] {
  return [...placeholders(parse(message, { ignoreTag: true }))].sort();
}

/**
 * What is wrong with a set of catalogues against the reference (English): keys missing from a language,
 * keys a language has that the reference lacks, messages that do not parse, and messages whose
 * placeholders (names and kinds) differ from the reference's. Empty when all is well.
 */
export function catalogueProblems(
  reference: Readonly<Record<string, string>>,
  languages: Readonly<Record<string, Readonly<Record<string, string>>>>,
): string[] {
  const problems: string[] = [];
  const wanted = new Map<string, string>();
  for (const [key, message] of Object.entries(reference)) {
    try {
      wanted.set(key, placeholdersOf(message).join(', '));
    } catch (e) {
      problems.push(`reference ${key}: does not parse (${(e as Error).message})`);
    }
  }
  for (const [language, catalogue] of Object.entries(languages)) {
    for (const key of Object.keys(reference))
      if (!Object.hasOwn(catalogue, key)) problems.push(`${language}: missing ${key}`);
    for (const [key, message] of Object.entries(catalogue)) {
      if (!Object.hasOwn(reference, key)) {
        problems.push(`${language}: ${key} is not in the reference`);
        continue;
      }
      let found: string;
      try {
        found = placeholdersOf(message).join(', ');
      } catch (e) {
        problems.push(`${language} ${key}: does not parse (${(e as Error).message})`);
        continue;
      }
      if (wanted.has(key) && found !== wanted.get(key))
        problems.push(`${language} ${key}: placeholders [${found}], the reference has [${wanted.get(key)}]`);
    }
  }
  return problems;
}
