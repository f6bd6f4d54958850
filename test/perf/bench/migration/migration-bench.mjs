// npm run bench:migration: the newest migration applied under live traffic, ours against the naive
// equivalent, each on its own copy of one seeded database (see README.md beside bench.mjs).
//
// env: DATABASE_URL (admin connection), BENCH_POSTS (100,000), BENCH_WRITES (writes/s, 200),
//      BENCH_READS (reads/s, 50), BENCH_FROM (git revision of the release before the migration)
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { AUTH_SECRET, POSTS, intEnv, log, warn } from '../config.mjs';
import { freePort, request, startServer, stopChild, waitFor200 } from '../processes.mjs';
import { seed } from '../seed.mjs';
import { currentBuild, newestMigration, previousBuild } from './builds.mjs';
import { createDatabases, migrateWithCli, NAIVE, runNaive, seedKeys } from './databases.mjs';
import { startLoad, summarize } from './load.mjs';

const WRITES = intEnv('BENCH_WRITES', 200, 1, 5_000);
const READS = intEnv('BENCH_READS', 50, 0, 5_000);
// The load runs WARM_UP_MS before the migration (the first second finds the app cold), the last CALM_MS of it the comparison.
const WARM_UP_MS = 6_000;
const CALM_MS = 3_000;
const SETTLE_MS = 3_000;

/** The release before the migration, serving on `url` as production runs it. */
async function startApp(build, url) {
  const port = await freePort();
  const appUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    ...{ DATABASE_URL: url, NODE_ENV: 'production', PORT: String(port), BETTER_AUTH_SECRET: AUTH_SECRET, BETTER_AUTH_URL: appUrl },
    ...{ TRUSTED_ORIGINS: '', RATE_LIMIT_ENABLED: 'false', LOG_LEVEL: 'warn', SENTRY_DSN: '', REDIS_URL: '', SHUTDOWN_TIMEOUT_MS: '3000' },
  };
  const child = startServer('app', [path.join(build, 'dist', 'main.js')], env);
  await waitFor200(`${appUrl}/health/ready`, child, performance.now());
  const signUp = await request('POST', `${appUrl}/api/auth/sign-up/email`, {
    headers: { origin: appUrl },
    body: { email: `load-${Date.now()}@bench.invalid`, password: 'correct horse battery staple', name: 'Load' },
  });
  const token = signUp.headers['set-auth-token'] ?? signUp.json?.token;
  if (signUp.status !== 200 || !token) throw new Error(`sign-up failed: ${signUp.status} ${signUp.text.slice(0, 300)}`);
  return { url: appUrl, child, token };
}

/** Load on the old release, `migrate` in the middle of it; the figures of the migration's window. */
async function underLoad(build, url, migrate) {
  const app = await startApp(build, url);
  const load = startLoad(app.url, app.token, { writesPerSecond: WRITES, readsPerSecond: READS });
  await sleep(WARM_UP_MS);
  const from = performance.now();
  const reportedMs = await migrate();
  const to = performance.now();
  await sleep(SETTLE_MS);
  const requests = await load.stop();
  await stopChild(app.child);
  return { ...summarize(requests, { calmFrom: from - CALM_MS, from, to }), durationMs: reportedMs ?? to - from };
}

function printTable(tag, ours, naive) {
  const ms = (value) => `${Math.round(value).toLocaleString('en')} ms`;
  const rows = [
    ['longest write stall', ms(ours.stallMs), ms(naive.stallMs)],
    ['failed requests', `${ours.failed} of ${ours.requests}`, `${naive.failed} of ${naive.requests}`],
    ['write p99 during the migration', ms(ours.writeP99Ms), ms(naive.writeP99Ms)],
    ['write p99 before it (same load)', ms(ours.writeP99BeforeMs), ms(naive.writeP99BeforeMs)],
    ['migration duration', ms(ours.durationMs), ms(naive.durationMs)],
  ];
  const header = ['', `ours (${tag})`, 'naive (one transaction)'];
  const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i].length)));
  log();
  log(
    `${POSTS.toLocaleString('en')} posts and as many Idempotency-Key records; ${WRITES} writes/s and ${READS} reads/s on the release before`,
  );
  for (const row of [header, ...rows])
    log(
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
  for (const [name, run] of Object.entries({ ours, naive })) {
    for (const failure of run.failures) log(`  ${name}: ${failure} (relative to the migration's start)`);
  }
  const met = ours.stallMs < 1000 && ours.failed === 0;
  log(`target for ours (longest stall under 1 s, no failed request): ${met ? 'met' : 'MISSED'}`);
  return met;
}

async function main() {
  const tag = newestMigration();
  log(`bench:migration: ${tag}, ${POSTS.toLocaleString('en')} posts`);
  const before = previousBuild(tag);
  const now = currentBuild();
  const databases = await createDatabases();
  try {
    await migrateWithCli(before, databases.url('seed'));
    const db = await databases.client('seed');
    let t = Date.now();
    await seed(db, { posts: POSTS, log });
    await seedKeys(db);
    await db.query('VACUUM (ANALYZE)');
    await db.end();
    log(`seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    await databases.copy('seed', ['ours', 'naive']);
    log(`copied twice in ${((Date.now() - t) / 1000).toFixed(1)} s; ours first`);

    await databases.checkpoint();
    const ours = await underLoad(before, databases.url('ours'), () => migrateWithCli(now, databases.url('ours')));
    await databases.checkpoint();
    log(`naive next: ${NAIVE.length} statements (drizzle-kit's, plus the backfill) in one transaction`);
    const naive = await underLoad(before, databases.url('naive'), () => runNaive(databases.url('naive')));
    if (!printTable(tag, ours, naive)) process.exitCode = 1;
  } finally {
    await databases.dropAll();
  }
}

main().catch((error) => {
  warn(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
