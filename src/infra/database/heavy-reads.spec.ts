import { HeavyReads, QUEUE_PER_SLOT, TooManyHeavyReads } from './heavy-reads';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe(HeavyReads.name, () => {
  it('runs at most `slots` reads at once, the others in the order they came', async () => {
    const reads = new HeavyReads(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const all = gates.map((gate, i) =>
      reads.run(async () => {
        started.push(i);
        await gate.promise;
        return i;
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1]);
    gates[1]!.resolve();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual([0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3]);
    expect(started).toEqual([0, 1, 2, 3]);
  });

  it('frees the slot of a read that fails', async () => {
    const reads = new HeavyReads(1);
    await expect(reads.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await reads.run(async () => 'next')).toBe('next');
  });

  it('turns new reads away once QUEUE_PER_SLOT per slot are waiting', async () => {
    const reads = new HeavyReads(2);
    const gate = deferred();
    // Two running, 2 × QUEUE_PER_SLOT waiting.
    const held = Array.from({ length: 2 + 2 * QUEUE_PER_SLOT }, () => reads.run(() => gate.promise));
    await expect(reads.run(async () => 'one too many')).rejects.toBeInstanceOf(TooManyHeavyReads);
    gate.resolve();
    await Promise.all(held);
    expect(await reads.run(async () => 'room again')).toBe('room again');
  });
});
