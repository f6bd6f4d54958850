/** More heavy reads are waiting than the queue holds: answered 503, try again shortly. */
export class TooManyHeavyReads extends Error {
  constructor() {
    super('Too many searches are running; try again shortly');
    this.name = 'TooManyHeavyReads';
  }
}

/** Waiting reads per slot before new ones are turned away instead of queued. */
export const QUEUE_PER_SLOT = 50;

/**
 * A cap on reads whose cost the client chooses (full-text searches, counts): at most
 * `slots` run at once, the rest wait their turn in order. The other connections of the
 * pool stay free for everything else, so a burst of searches slows only the searches.
 */
export class HeavyReads {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly slots: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.running < this.slots) {
      this.running++;
    } else {
      if (this.waiting.length >= this.slots * QUEUE_PER_SLOT) throw new TooManyHeavyReads();
      // The slot is handed over by the read that finishes, so `running` stays as it is.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
