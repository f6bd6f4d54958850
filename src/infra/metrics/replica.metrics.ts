import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { DATABASE_CONNECTION } from '../database/database.constants';
import type { DatabaseConnection } from '../database/database.connection';
import type { ReadTarget } from '../database/replicas/read-context';
import type { ReplicaSet } from '../database/replicas/replica-set';
import { getOrCreate } from './registry';

// The registry is global (see registry.ts): its gauges read every app's replicas in this process.
const liveReplicaSets = new Set<ReplicaSet>();

/** Where GET requests read (replica, primary, none), and each replica's lag and state. */
@Injectable()
export class ReplicaMetrics implements OnModuleDestroy {
  private readonly requests = getOrCreate(
    'db_read_requests_total',
    (name) =>
      new Counter({
        name,
        help: 'GET requests by where their reads ran: replica (all of them), primary (any of them), none (no database read)',
        labelNames: ['target'],
      }),
  );

  constructor(@Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection) {
    if (!connection.replicas) return;
    liveReplicaSets.add(connection.replicas);
    getOrCreate(
      'db_replica_lag_seconds',
      (name) =>
        new Gauge({
          name,
          help: 'How far each read replica is behind the primary, as last measured',
          labelNames: ['replica'],
          collect() {
            for (const set of liveReplicaSets)
              for (const replica of set.replicas) this.set({ replica: replica.name }, replica.lagMs / 1000);
          },
        }),
    );
    getOrCreate(
      'db_replica_serving',
      (name) =>
        new Gauge({
          name,
          help: 'Whether each read replica serves reads (1) or is left out, down or too far behind (0)',
          labelNames: ['replica'],
          collect() {
            for (const set of liveReplicaSets)
              for (const replica of set.replicas) this.set({ replica: replica.name }, set.serving(replica) ? 1 : 0);
          },
        }),
    );
  }

  /** Counts one GET by where its reads ran. */
  readonly count = (servedBy: ReadonlySet<ReadTarget>): void => {
    this.requests.inc({ target: servedBy.has('primary') ? 'primary' : servedBy.has('replica') ? 'replica' : 'none' });
  };

  onModuleDestroy(): void {
    if (this.connection.replicas) liveReplicaSets.delete(this.connection.replicas);
  }
}
