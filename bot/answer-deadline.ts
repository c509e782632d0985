import type { Logger } from '../src/logger.js';

/** Teams has to get an invoke answer quickly (design: within 2 s); slower work finishes in the background. */
export const ANSWER_WITHIN_MS = 1_500;

/**
 * Resolves with `work`'s result if it is ready within `ms`, else with `late()`, while `work` carries on
 * (its failure is logged: the user already has their answer).
 */
export async function answerWithin<T, L>(
  work: Promise<T>,
  late: () => Promise<L>,
  log: Logger,
  context: Record<string, unknown>,
  ms = ANSWER_WITHIN_MS,
): Promise<T | L> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  try {
    const outcome = await Promise.race([work, deadline]);
    if (outcome !== LATE) return outcome as T;
    work.catch((e) => log.error({ ...context, err: e }, 'card action failed after its answer was sent'));
    return late();
  } finally {
    clearTimeout(timer);
  }
}

const LATE = Symbol('late');
