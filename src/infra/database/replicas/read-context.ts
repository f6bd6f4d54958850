import { AsyncLocalStorage } from 'node:async_hooks';

/** Where a request's statements ran. */
export type ReadTarget = 'primary' | 'replica';

/** What one request allows its reads, and what it did. */
export interface ReadContext {
  /** Reads may run on a replica (a GET that has not written); writes and transactions never do. */
  replicaAllowed: boolean;
  /** Only a replica that has replayed the WAL this far may serve them (the client's last write). */
  readonly after: bigint;
  /** Where this request's statements ran. */
  readonly servedBy: Set<ReadTarget>;
  /** Told the primary's WAL position after each write the request commits. */
  readonly wrote: (position: string) => void;
}

const storage = new AsyncLocalStorage<ReadContext>();

export const readContext = {
  run<T>(context: ReadContext, work: () => T): T {
    return storage.run(context, work);
  },

  current(): ReadContext | undefined {
    return storage.getStore();
  },

  /**
   * Runs `work` with its reads on the primary: a read that must see the latest write (a
   * session lookup). Not counted where the request's reads ran: every request makes it.
   */
  onPrimary<T>(work: () => Promise<T>): Promise<T> {
    const context = storage.getStore();
    if (!context?.replicaAllowed) return work();
    return storage.run({ ...context, replicaAllowed: false, servedBy: new Set() }, work);
  },

  /** From now on this request reads the primary: it wrote, and must see its write. */
  wrote(): void {
    const context = storage.getStore();
    if (context) context.replicaAllowed = false;
  },
};
