import { spawnSync } from 'node:child_process';
import type { EmptyDatabase } from './empty-database';
import { databaseEnv } from './test-database';

/**
 * One of the built db:* commands (`dist/app/<name>.cli.js`, what `npm run db:…` runs after its
 * build) on `database`, with `env` added; the suite's own DATABASE_* and NODE_ENV left out.
 */
export function runDatabaseCli(
  database: EmptyDatabase,
  name: string,
  args: string[] = [],
  env: Record<string, string> = {},
): { code: number | null; output: string } {
  const { DATABASE_URL: _url, DATABASE_POOLER: _pooler, DATABASE_DIRECT_URL: _direct, NODE_ENV: _env, ...rest } = process.env;
  const target = databaseEnv(database.options);
  const run = spawnSync(process.execPath, [`dist/app/${name}.cli.js`, ...args], { env: { ...rest, ...target, ...env }, encoding: 'utf8' });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}
