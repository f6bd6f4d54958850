// What the benchmark owns (a copy of the build, its database, its child processes) and gives back on every exit path.
import { cpSync, existsSync, mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { ADMIN_URL, APP_DIR, BENCH_URL, DB_NAME, KEEP_DB, ROOT, log, warn } from './config.mjs';
import { children, stopChild } from './processes.mjs';

// ---- a private copy of the build ----------------------------------------------------------------
// Others may rebuild dist/ while the benchmark runs (nest build empties it first), so the
// benchmark runs a snapshot: <tmp>/dist + <tmp>/migrations + <tmp>/node_modules -> ROOT/node_modules.
// Builds from before the layout by layer kept the migration CLI in dist/database/.
export const MIGRATE_CLI =
  ['dist/app/migrate.cli.js', 'dist/database/migrate.cli.js'].find((file) => existsSync(path.join(APP_DIR, file))) ??
  'dist/app/migrate.cli.js';
const REQUIRED = ['dist/main.js', MIGRATE_CLI];
let snapshotDir;

/** The private copy of dist/ and migrations/ (after snapshotBuild). */
export const snapshotPath = (...parts) => path.join(snapshotDir, ...parts);

export async function snapshotBuild() {
  // A concurrent build may be half-way: wait (bounded) until the files are there and stop changing.
  const deadline = Date.now() + 180_000;
  for (;;) {
    const present = REQUIRED.every((file) => existsSync(path.join(APP_DIR, file)));
    const newest = present ? Math.max(...REQUIRED.map((file) => statSync(path.join(APP_DIR, file)).mtimeMs)) : 0;
    if (present && Date.now() - newest > 3_000) break;
    if (Date.now() > deadline) throw new Error(`the build in dist/ is incomplete (${REQUIRED.join(', ')}): run \`npm run build\``);
    await sleep(1_000);
  }
  snapshotDir = mkdtempSync(path.join(os.tmpdir(), 'posts-bench-'));
  cpSync(path.join(APP_DIR, 'dist'), path.join(snapshotDir, 'dist'), { recursive: true });
  cpSync(path.join(APP_DIR, 'migrations'), path.join(snapshotDir, 'migrations'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(snapshotDir, 'node_modules'), 'dir');
  const missing = REQUIRED.filter((file) => !existsSync(path.join(snapshotDir, file)));
  if (missing.length) throw new Error(`dist/ changed while it was copied (missing ${missing.join(', ')}); run the benchmark again`);
}

// ---- lifecycle: children and the database are cleaned up on every exit path ----------------
let admin; // pg.Client on the admin database
let databaseCreated = false;
let cleaning;

export function cleanup() {
  cleaning ??= (async () => {
    await Promise.all([...children].map((child) => stopChild(child)));
    if (databaseCreated && !KEEP_DB) {
      try {
        admin ??= await connect(ADMIN_URL);
        await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
        log(`dropped database ${DB_NAME}`);
      } catch (error) {
        warn(`could not drop database ${DB_NAME}: ${error.message}`);
      }
    } else if (databaseCreated) {
      log(`kept database: ${BENCH_URL}`);
    }
    await admin?.end().catch(() => {});
    if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    warn(`\n${signal}: stopping servers and dropping ${DB_NAME}…`);
    cleanup().finally(() => process.exit(code));
  });
}
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

export async function connect(url) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Creates the bench database next to ADMIN_URL's; cleanup() drops it. */
export async function createDatabase() {
  admin = await connect(ADMIN_URL);
  await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  databaseCreated = true;
}
