/** What `within` answers when the work did not settle in time. */
export const LATE = Symbol('late');

/**
 * `work`'s result if it settles within `ms`, else LATE while `work` carries on (the caller handles its
 * failure, if it cares). A rejection within `ms` rejects.
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
