import type { Directory } from './ports.js';

/**
 * The display names of people named by Entra object id or user principal name, keyed by the lower-cased id
 * or name. One the directory cannot name now (unknown, directory down) is missing: callers show the id or
 * principal name instead, so a card never fails for want of a name.
 */
export async function displayNames(
  directory: Pick<Directory, 'getUser'>,
  ids: Iterable<string | undefined>,
): Promise<Map<string, string>> {
  const unique = new Set<string>();
  for (const id of ids) if (id) unique.add(id.toLowerCase());
  const names = new Map<string, string>();
  await Promise.all(
    [...unique].map(async (id) => {
      const user = await directory.getUser(id).catch(() => undefined);
      if (user?.displayName) names.set(id, user.displayName);
    }),
  );
  return names;
}
