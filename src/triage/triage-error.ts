/** The domain's one error type. Adapters translate backend failures into it; bot/ maps it to what Teams shows. */
export type TriageErrorCode = 'not-found' | 'forbidden' | 'invalid' | 'stale' | 'conflict' | 'unavailable';

/** Values a translated message is filled with; a list is shown as "a, b or c" in the reader's language. */
export type TriageErrorData = Readonly<Record<string, string | number | readonly string[]>>;

export interface TriageErrorOptions {
  cause?: unknown;
  /**
   * The catalogue message (`errors.*`, src/i18n) that says the same as `userMessage` in every language,
   * with `data` for its placeholders. Without it, a fixed sentence is still found by its English text.
   */
  key?: string;
  data?: TriageErrorData;
}

export class TriageError extends Error {
  readonly key?: string;
  readonly data?: TriageErrorData;

  constructor(
    readonly code: TriageErrorCode,
    /** Safe to show to the user who caused it: says what happened and what to do (English; audited as the reason). */
    readonly userMessage: string,
    options?: TriageErrorOptions,
  ) {
    super(userMessage, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'TriageError';
    this.key = options?.key;
    this.data = options?.data;
  }
}

export const isTriageError = (e: unknown): e is TriageError => e instanceof TriageError;

/** The one answer for an alert that does not exist and for one the requester may not see: they must look alike. */
export const ALERT_NOT_FOUND = 'This alert does not exist (any more), or you cannot see it.';
