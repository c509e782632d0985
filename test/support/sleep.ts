/** Waits `ms` of real time (for tests that must let a real process or socket move on). */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
