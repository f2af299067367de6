/** A FIFO async mutex: callers run one at a time, in arrival order. */
export class AsyncMutex {
  private tail: Promise<void> = Promise.resolve();
  private waiting = 0;

  /** Callers queued or running. */
  get pending(): number {
    return this.waiting;
  }

  async run<T>(fn: () => Promise<T> | T): Promise<T> {
    const previous = this.tail;
    let release!: () => void;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.waiting++;
    try {
      await previous;
      return await fn();
    } finally {
      this.waiting--;
      release();
    }
  }
}
