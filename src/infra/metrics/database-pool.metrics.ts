import { Inject, Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { DATABASE_CONNECTION } from '../database/database.constants';
import type { DatabaseConnection } from '../database/database.connection';
import { getOrCreate } from './registry';

/** PostgreSQL pool usage, read at scrape time (PGlite has no pool: nothing to report). */
@Injectable()
export class DatabasePoolMetrics {
  constructor(@Inject(DATABASE_CONNECTION) connection: DatabaseConnection) {
    getOrCreate(
      'db_pool_connections',
      (name) =>
        new Gauge({
          name,
          help: 'PostgreSQL pool connections by state (total, idle, waiting clients)',
          labelNames: ['state'],
          collect() {
            const stats = connection.poolStats?.();
            if (!stats) return;
            for (const [state, value] of Object.entries(stats)) this.set({ state }, value);
          },
        }),
    );
  }
}
