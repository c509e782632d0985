/** What makes two invokes the same: who clicked, which verb, and the activity id Teams gave the invoke. */
export interface InvokeKey {
  actorId: string;
  verb: string;
  activityId: string;
}

/**
 * Answers each invoke once: Teams retries an invoke it got no answer for, with the same activity id, and
 * the retry must get the first answer rather than run the action again. The key holds the person, because
 * activity ids come from the client. One key always names one verb, so one answer type.
 */
export interface InvokeAnswerCache {
  /**
   * The answer already given (or being worked out) for `key`; otherwise the result of `answer()`, which
   * is kept for later retries. A rejected answer is not kept: a retry runs `answer` again.
   */
  once<T>(key: InvokeKey, answer: () => Promise<T>): Promise<T>;
}
