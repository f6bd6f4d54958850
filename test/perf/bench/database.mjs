// The bench database: created next to DATABASE_URL's, migrated by the app's own CLI, seeded in SQL.
import { AUTH_SECRET, BENCH_URL, DB_NAME, POSTS, log } from './config.mjs';
import { MIGRATE_CLI, connect, createDatabase, snapshotPath } from './lifecycle.mjs';
import { runNode } from './processes.mjs';
import { seed } from './seed.mjs';

/** The environment both servers and the migration run with. */
export const baseEnv = () => ({ ...process.env, DATABASE_URL: BENCH_URL, SENTRY_DSN: '', REDIS_URL: '', LOG_LEVEL: 'warn' });

/** Creates, migrates and seeds the database; returns a client on it. */
export async function prepareDatabase() {
  await createDatabase();
  log(`database ${DB_NAME}`);
  let t = Date.now();
  await runNode([snapshotPath(MIGRATE_CLI)], { ...baseEnv(), NODE_ENV: 'production', BETTER_AUTH_SECRET: AUTH_SECRET }, 'migrate');
  log(`migrated in ${Date.now() - t} ms; seeding…`);
  const db = await connect(BENCH_URL);
  t = Date.now();
  await seed(db, { posts: POSTS, log });
  log(`seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return db;
}
