import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { setTimeout as sleep } from 'node:timers/promises';
import { DATABASE_CONNECTION } from '../infra/database/database.constants';
import type { DatabaseConnection } from '../infra/database/database.connection';
import { PING_TIMEOUT_MS } from '../infra/database/postgres-pools';

@Injectable()
export class DatabaseHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    @Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection,
  ) {}

  async ping(key = 'database') {
    const indicator = this.health.check(key);
    const timeout = new AbortController();
    try {
      await Promise.race([
        this.connection.ping(),
        sleep(PING_TIMEOUT_MS, undefined, { signal: timeout.signal }).then(() => {
          throw new Error(`no answer within ${PING_TIMEOUT_MS} ms`);
        }),
      ]);
      return indicator.up({ driver: this.connection.driver });
    } catch (error) {
      return indicator.down({ driver: this.connection.driver, message: error instanceof Error ? error.message : String(error) });
    } finally {
      timeout.abort();
    }
  }
}
