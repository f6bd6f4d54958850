import { Logger } from '@nestjs/common';
import type { DatabaseConnection } from './database.connection';
import type { DatabaseModuleOptions } from './database.options';
import { PgliteConnection } from './pglite.connection';
import { PostgresConnection } from './postgres.connection';

const logger = new Logger('Database');

export function isPostgresUrl(url: string | undefined): url is string {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export async function openDatabase(options: DatabaseModuleOptions): Promise<DatabaseConnection> {
  const connection = isPostgresUrl(options.url) ? new PostgresConnection(options.url, options) : await PgliteConnection.open(options);
  if (options.migrate ?? true) {
    const started = Date.now();
    try {
      await connection.migrate();
    } catch (error) {
      await connection.close();
      throw error;
    }
    logger.log(`Migrations applied on ${connection.driver} in ${Date.now() - started} ms`);
  }
  return connection;
}
