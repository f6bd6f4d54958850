import type { Pool, QueryConfig } from 'pg';
import { isUnavailable } from '../database-errors';
import { readContext } from './read-context';
import type { ReplicaSet } from './replica-set';

// Only a plain read may go to a replica: a statement that writes or locks rows runs on the primary.
const READ = /^\s*(select|with)\b/i;
// Functions with side effects count too (a sequence, a setting, an advisory lock).
const WRITES_OR_LOCKS =
  /\b(insert|update|delete|merge|for\s+(no\s+key\s+)?share|for\s+key\s+share|nextval|setval|set_config|pg_advisory\w*)\b/i;

export function isPlainRead(text: string): boolean {
  return READ.test(text) && !WRITES_OR_LOCKS.test(text);
}

type PromiseQuery = (config: string | QueryConfig, values?: unknown[]) => Promise<unknown>;

/**
 * Makes `primary.query()` (what Drizzle runs outside a transaction) send the plain reads of a
 * request that allows it (a GET that has not written, see read-context.ts) to a replica that has replayed the
 * request's `after` position. A replica that fails for want of a connection is left out and the
 * read runs again on the primary, so a replica going away fails no request; so does a read the
 * replica cancelled for a conflict with recovery. `connect()`, which
 * transactions use, stays on the primary.
 */
export function routeReads(primary: Pool, replicas: ReplicaSet): Pool {
  const onPrimary = primary.query.bind(primary) as PromiseQuery;
  const routed = (config: string | QueryConfig, values?: unknown, callback?: unknown) => {
    const context = readContext.current();
    // Callback-style calls (none of ours) and everything outside a reading request: the primary.
    if (!context || typeof values === 'function' || callback !== undefined) {
      context?.servedBy.add('primary');
      return (onPrimary as (...args: unknown[]) => unknown)(config, values, callback);
    }
    const text = typeof config === 'string' ? config : config.text;
    const plainRead = isPlainRead(text);
    // A request that wrote outside a transaction (a host's route, say) reads its own write afterwards.
    if (!plainRead) context.replicaAllowed = false;
    const replica = context.replicaAllowed && plainRead ? replicas.pick(context.after) : undefined;
    if (!replica) {
      context.servedBy.add('primary');
      return onPrimary(config, values as unknown[]);
    }
    const onReplica = (replica.pool.query as PromiseQuery)(config, values as unknown[]);
    return new Promise((resolve, reject) => {
      let settled = false;
      const rerunOnPrimary = (): void => {
        if (settled) return;
        settled = true;
        replica.inFlight.delete(rerunOnPrimary);
        context.servedBy.add('primary');
        onPrimary(config, values as unknown[]).then(resolve, reject);
      };
      // Through PgBouncer a read on a replica that went away waits in its queue rather than
      // failing: when the monitor finds the replica down, the read moves to the primary.
      replica.inFlight.add(rerunOnPrimary);
      onReplica.then(
        (result) => {
          if (settled) return;
          settled = true;
          replica.inFlight.delete(rerunOnPrimary);
          replica.reads++;
          context.servedBy.add('replica');
          resolve(result);
        },
        (error: Error & { code?: string }) => {
          if (settled) return;
          // A replica cancels a read that conflicts with the WAL it replays (40001): the primary has no such conflict.
          const conflict = error.code === '40001';
          if (!conflict && !isUnavailable(error)) {
            settled = true;
            replica.inFlight.delete(rerunOnPrimary);
            reject(error);
            return;
          }
          if (!conflict) replicas.failed(replica, error);
          rerunOnPrimary();
        },
      );
    });
  };
  primary.query = routed as Pool['query'];
  return primary;
}
