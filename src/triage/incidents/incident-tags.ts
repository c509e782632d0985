import { TriageError } from '../triage-error.js';

/** The longest custom tag the bot writes (the Defender portal's tags are short labels). */
export const MAX_TAG_LENGTH = 50;
/** The most custom tags the bot lets an incident carry. */
export const MAX_TAGS = 20;
/** Letters, digits, spaces and a few joiners: a tag is a label, never markup or a path. */
const TAG = /^[\p{L}\p{N}][\p{L}\p{N} _.:-]*$/u;

/** A tag as typed, trimmed (inner whitespace collapsed) and checked; throws TriageError 'invalid' otherwise. */
export function normalizeTag(typed: string): string {
  const tag = typed.replace(/\s+/g, ' ').trim();
  if (tag.length === 0 || tag.length > MAX_TAG_LENGTH || !TAG.test(tag)) {
    throw new TriageError('invalid', `A tag is 1 to ${MAX_TAG_LENGTH} letters, digits, spaces, - _ . or :, e.g. VIP.`, {
      key: 'errors.incidentTagFormat',
      data: { max: MAX_TAG_LENGTH },
    });
  }
  return tag;
}

/** Whether a list already holds a tag (tags compare case-insensitively, as people read them). */
export function hasTag(tags: readonly string[], tag: string): boolean {
  const wanted = tag.toLowerCase();
  return tags.some((t) => t.toLowerCase() === wanted);
}

/** The list with the tag added (at most MAX_TAGS); the same list when it is already there. */
export function withTag(tags: readonly string[], tag: string): string[] {
  if (hasTag(tags, tag)) return [...tags];
  if (tags.length >= MAX_TAGS)
    throw new TriageError('invalid', `An incident can have at most ${MAX_TAGS} tags here. Remove one first.`, {
      key: 'errors.incidentTooManyTags',
      data: { max: MAX_TAGS },
    });
  return [...tags, tag];
}

/** The list without the tag (compared case-insensitively). */
export function withoutTag(tags: readonly string[], tag: string): string[] {
  const unwanted = tag.toLowerCase();
  return tags.filter((t) => t.toLowerCase() !== unwanted);
}
