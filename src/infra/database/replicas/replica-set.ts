import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import type { DatabaseModuleOptions } from '../database.options';
import { PING_TIMEOUT_MS, requestPool } from '../postgres-pools';
import { parseLsn } from './lsn';

/** How often each replica is asked how far it has replayed: the delay before reads return to it. */
export const REPLICA_POLL_MS = 100;
export const DEFAULT_REPLICA_MAX_LAG_MS = 1_000;

const logger = new Logger('Database');

/** A replica as last seen. */
export interface ReplicaState {
  /** host:port/database, for logs and metrics. */
  readonly name: string;
  readonly pool: Pool;
  up: boolean;
  /** How far it had replayed the primary's WAL when last asked: a floor, since replay only moves forward. */
  replayed: bigint;
  /** Milliseconds behind the primary (0 while it has replayed all it received). */
  lagMs: number;
  /** Statements it served. */
  reads: number;
  /** Reads in flight on it, each sent to the primary instead once it is found down (behind a pooler they would wait, not fail). */
  readonly inFlight: Set<() => void>;
}

// Lag is the age of the last replayed commit, while WAL received is still waiting to be replayed.
const STATE_QUERY = `select pg_is_in_recovery() as recovery, pg_last_wal_replay_lsn()::text as replayed,
  case when pg_last_wal_receive_lsn() is not distinct from pg_last_wal_replay_lsn() then 0
       else coalesce(extract(epoch from clock_timestamp() - pg_last_xact_replay_timestamp()) * 1000, 0) end::float8 as lag_ms`;

/**
 * The read replicas (DATABASE_REPLICA_URLS): a request pool each, and a monitor that asks each
 * one every {@link REPLICA_POLL_MS} how far it has replayed. A replica that does not answer, or
 * lags more than `maxLagMs`, is left out until it is back.
 */
export class ReplicaSet {
  readonly replicas: ReplicaState[];
  readonly maxLagMs: number;
  private readonly monitors: Pool[];
  private readonly timer: NodeJS.Timeout;
  private next = 0;

  constructor(urls: string[], options: DatabaseModuleOptions) {
    this.maxLagMs = options.replicaMaxLagMs ?? DEFAULT_REPLICA_MAX_LAG_MS;
    this.replicas = urls.map((url) => ({
      name: replicaName(url),
      pool: requestPool(url, options),
      up: false,
      replayed: 0n,
      lagMs: 0,
      reads: 0,
      inFlight: new Set<() => void>(),
    }));
    this.monitors = urls.map(
      (url) => new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: PING_TIMEOUT_MS, query_timeout: PING_TIMEOUT_MS }),
    );
    for (const monitor of this.monitors) monitor.on('error', () => undefined);
    this.timer = setInterval(() => void this.poll(), REPLICA_POLL_MS).unref();
    void this.poll();
  }

  /** A replica that may serve a read needing WAL position `after`, taking turns; none: use the primary. */
  pick(after: bigint): ReplicaState | undefined {
    for (let tried = 0; tried < this.replicas.length; tried++) {
      const replica = this.replicas[(this.next = (this.next + 1) % this.replicas.length)];
      if (this.serving(replica) && replica.replayed >= after) return replica;
    }
    return undefined;
  }

  /** Up, and no further behind than DATABASE_REPLICA_MAX_LAG_MS. */
  serving(replica: ReplicaState): boolean {
    return replica.up && replica.lagMs <= this.maxLagMs;
  }

  /** A read on `replica` failed for want of a connection: left out until the monitor hears from it. */
  failed(replica: ReplicaState, error: Error): void {
    if (replica.up) logger.warn(`Replica ${replica.name} failed (${error.message}): reading from the primary until it is back`);
    replica.up = false;
    for (const rerun of replica.inFlight) rerun();
    replica.inFlight.clear();
  }

  private polling = false;

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      await Promise.all(this.replicas.map((replica, index) => this.check(replica, this.monitors[index])));
    } finally {
      this.polling = false;
    }
  }

  private async check(replica: ReplicaState, monitor: Pool): Promise<void> {
    try {
      const { rows } = await monitor.query<{ recovery: boolean; replayed: string | null; lag_ms: number }>(STATE_QUERY);
      const replayed = rows[0].recovery && rows[0].replayed ? parseLsn(rows[0].replayed) : undefined;
      if (replayed === undefined) throw new Error('not a replica: the server is not in recovery');
      const wasServing = this.serving(replica);
      replica.replayed = replayed;
      replica.lagMs = rows[0].lag_ms;
      replica.up = true;
      if (wasServing !== this.serving(replica)) {
        const state = this.serving(replica) ? 'serving reads' : `skipped: more than ${this.maxLagMs} ms behind`;
        logger.log(`Replica ${replica.name} is ${state} (${Math.round(replica.lagMs)} ms behind)`);
      }
    } catch (error) {
      this.failed(replica, error as Error);
    }
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all([...this.replicas.map((replica) => replica.pool.end()), ...this.monitors.map((monitor) => monitor.end())]);
  }
}

function replicaName(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname}`;
}
