/**
 * The source of a subscription whose values are pushed by something running beside it (a
 * watcher, timers) rather than taken from Mercurius's pubsub. Unlike an async generator, it
 * ends at once when the subscriber leaves (`return()`, which Mercurius calls on complete or
 * disconnect), even while nothing is being produced: `onEnd` stops the producer then.
 */
export class Live<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private waiting: { resolve: (result: IteratorResult<T>) => void; reject: (error: unknown) => void } | null = null;
  private ended = false;
  private failure: unknown = null;

  constructor(
    private readonly onEnd: () => void,
    /** Values not taken yet beyond which the oldest are dropped (a subscriber that does not read). */
    private readonly maxQueued = 100,
  ) {}

  push(value: T): void {
    if (this.ended) return;
    if (this.waiting) {
      this.waiting.resolve({ value, done: false });
      this.waiting = null;
      return;
    }
    this.queue.push(value);
    if (this.queue.length > this.maxQueued) this.queue.shift();
  }

  /** Ends the subscription with an error (the caller lost the right to read, say). */
  fail(error: unknown): void {
    if (this.ended) return;
    if (this.waiting) {
      this.waiting.reject(error);
      this.waiting = null;
      this.end();
      return;
    }
    this.failure = error;
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift()!, done: false });
    if (this.failure !== null) {
      const error = this.failure;
      this.failure = null;
      this.end();
      return Promise.reject(error);
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.queue.length = 0;
    this.waiting?.resolve({ value: undefined, done: true });
    this.waiting = null;
    this.onEnd();
  }
}
