import { Logger } from '@nestjs/common';
import { databaseOptionsFromEnv } from './app.config';
import { parseEnv } from './env';
import { openDatabase } from '../infra/database/open-database';

// `npm run db:migrate`: applies migrations/ to the database the environment names.
async function main(): Promise<void> {
  const env = parseEnv();
  const connection = await openDatabase({ ...databaseOptionsFromEnv(env), poolSize: 1, migrate: true });
  await connection.close();
}

main().catch((error: unknown) => {
  new Logger('Migrations').error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
