import { ConfigurableModuleBuilder, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DATABASE_CONNECTION, DRIZZLE } from './database.constants';
import type { DatabaseConnection } from './database.connection';
import { openDatabase } from './open-database';
import type { DatabaseModuleOptions } from './database.options';
import { HeavyReads } from './heavy-reads';
import { UnitOfWork } from './unit-of-work';

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } = new ConfigurableModuleBuilder<DatabaseModuleOptions>()
  .setClassMethodName('forRoot')
  .build();

/** The options DatabaseModule was given; the testing kit overrides it to point at an isolated database. */
export const DATABASE_MODULE_OPTIONS = MODULE_OPTIONS_TOKEN;

/**
 * Provides one Drizzle client under {@link DRIZZLE} to the whole app, migrated
 * while starting (unless `migrate: false`) and closed on shutdown.
 */
@Global()
@Module({
  providers: [
    {
      provide: DATABASE_CONNECTION,
      inject: [MODULE_OPTIONS_TOKEN],
      useFactory: (options: DatabaseModuleOptions) => openDatabase(options),
    },
    {
      provide: DRIZZLE,
      inject: [DATABASE_CONNECTION],
      useFactory: (connection: DatabaseConnection) => connection.db,
    },
    UnitOfWork,
    {
      provide: HeavyReads,
      inject: [DATABASE_CONNECTION],
      // A quarter of the pool: the rest of the pool, and of the database's CPU, stays for everything else.
      useFactory: (connection: DatabaseConnection) => new HeavyReads(Math.max(1, Math.floor(connection.maxConnections / 4))),
    },
  ],
  exports: [DRIZZLE, DATABASE_CONNECTION, UnitOfWork, HeavyReads],
})
export class DatabaseModule extends ConfigurableModuleClass implements OnApplicationShutdown {
  constructor(@Inject(DATABASE_CONNECTION) private readonly connection: DatabaseConnection) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
