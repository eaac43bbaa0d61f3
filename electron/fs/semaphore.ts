/**
 * A counting semaphore: at most `limit` tasks run at once, the rest wait in arrival order. The main
 * process uses one to cap concurrent large file reads, so a renderer asking for many big files at
 * once cannot make main hold all their buffers together.
 */
export class Semaphore {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`semaphore limit must be a positive integer, got ${limit}`);
  }

  /** Tasks running now (for tests and diagnostics). */
  get active(): number {
    return this.running;
  }

  /** Runs `task` once a slot is free; the slot is released when it settles, whether it resolves or rejects. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
