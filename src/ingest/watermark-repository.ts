/**
 * Durable storage of the poller's watermark: the newest `lastUpdatedAt` it has fully handed to delivery.
 * Several replicas sharing one store need one poller at a time (or a compare-and-set here); today there
 * is one process.
 */
export interface WatermarkRepository {
  /** The stored watermark; undefined before the first completed pass. */
  get(): Promise<string | undefined>;
  /** Replaces the watermark; resolves once durable. */
  set(watermark: string): Promise<void>;
}
