/** The domain's one error type. Adapters translate backend failures into it; bot/ maps it to what Teams shows. */
export type TriageErrorCode = 'not-found' | 'forbidden' | 'invalid' | 'stale' | 'conflict' | 'unavailable';

export class TriageError extends Error {
  constructor(
    readonly code: TriageErrorCode,
    /** Safe to show to the user who caused it: says what happened and what to do. */
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(userMessage, options);
    this.name = 'TriageError';
  }
}

export const isTriageError = (e: unknown): e is TriageError => e instanceof TriageError;

/** The one answer for an alert that does not exist and for one the requester may not see: they must look alike. */
export const ALERT_NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';
