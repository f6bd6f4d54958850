import { hashPassword } from 'better-auth/crypto';
import { databaseOptionsFromEnv } from './app.config';
import { parseEnv } from './env';
import { openDatabase } from '../infra/database/open-database';
import { SEED_PASSWORD, seedDevelopmentData } from '../infra/database/development-data';
import type { AnyPgDatabase } from '../infra/database/migration-records';

// `npm run db:seed`: development users and posts (SEED_POSTS, default 1,000) in the configured database.
async function main(): Promise<void> {
  const env = parseEnv();
  if (env.NODE_ENV === 'production') throw new Error('db:seed refuses to run with NODE_ENV=production: it writes made-up users and posts');
  const posts = Number(process.env.SEED_POSTS ?? 1000);
  if (!Number.isInteger(posts) || posts < 1 || posts > 1_000_000) {
    throw new Error(`SEED_POSTS must be a whole number from 1 to 1000000, got ${JSON.stringify(process.env.SEED_POSTS)}`);
  }
  // Migrated first: a fresh checkout seeds in one command.
  const connection = await openDatabase({ ...databaseOptionsFromEnv(env), poolSize: 1, migrate: true });
  try {
    const started = Date.now();
    const added = await seedDevelopmentData(connection.db as unknown as AnyPgDatabase, posts, await hashPassword(SEED_PASSWORD));
    const what =
      added.users + added.posts === 0
        ? 'Nothing to add: the seed data is already there'
        : `Added ${added.users} users and ${added.posts} posts`;
    console.log(`${what} (SEED_POSTS=${posts}, ${connection.driver}, ${Date.now() - started} ms).`);
    console.log(`Every seeded user signs in with the password "${SEED_PASSWORD}", e.g. ${added.firstEmail}.`);
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
