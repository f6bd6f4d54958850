// Benchmark: the built app (dist/main.js) on Express and on Fastify against a minimal node:http
// + pg baseline (baseline.mjs) on the same PostgreSQL database, same SQL, same JSON, with bare
// Nest on each platform answering a constant body beside them (the framework floor, floor.mjs).
//
//   npm run bench [-- --json FILE] [--platform express,fastify]   (both platforms by default)
//   npm run bench -- --topology [--json FILE]   instances, HAProxy and PgBouncer (topology/topology-bench.mjs)
//
// env:
//   DATABASE_URL        admin connection (default postgres://postgres@127.0.0.1:5432/test);
//                       the benchmark creates bench_<timestamp> next to it and drops it at the end
//   BENCH_POSTS         posts to seed (100000); users = BENCH_POSTS / 10
//   BENCH_DURATION      seconds per scenario and server (10)
//   BENCH_WARMUP        warm-up seconds per scenario and server (2, at most the duration)
//   BENCH_CONNECTIONS   autocannon connections (50)
//   BENCH_POOL_SIZE     PostgreSQL pool size of both servers (10)
//   BENCH_SCENARIOS     comma-separated subset of scenario names
//   BENCH_PIN=0         do not pin processes to cores (default: servers on core 0, load on core 1)
//   BENCH_EXPLAIN=1     after the load, print EXPLAIN (ANALYZE, BUFFERS) of the app's SQL per scenario
//   BENCH_KEEP_DB=1     keep the database (its URL is printed) instead of dropping it
//   BENCH_APP_DIR       measure another build: a folder holding dist/ and migrations/ (default: this checkout);
//                       it runs with this checkout's node_modules
import os from 'node:os';
import { APP_DIR, ARGS, CONNECTIONS, DURATION, EXPLAIN, PIN, POOL_SIZE, POSTS, ROOT, WARMUP, log, warn } from './config.mjs';
import { readAppSql } from './app-sql.mjs';
import { checkBaselineSql, compareAnswers } from './checks.mjs';
import { prepareDatabase } from './database.mjs';
import { readFixtures, signUpBenchUser } from './fixtures.mjs';
import { cleanup, snapshotBuild } from './lifecycle.mjs';
import { measureBursts, measureScenarios } from './measure.mjs';
import { peakRssMb } from './processes.mjs';
import { explain, printReport, writeJsonReport } from './report.mjs';
import { buildScenarios } from './scenarios.mjs';
import { startApp, startBaseline, startFloor } from './servers.mjs';
import { runTopologyBench } from './topology/topology-bench.mjs';

/** Prints what the run measures on and how busy the machine is; returns the load average at start. */
function describeRun() {
  if (APP_DIR !== ROOT) log(`app build: ${APP_DIR}`);
  log(
    `benchmark: ${POSTS.toLocaleString('en')} posts, ${DURATION} s per scenario and server (warm-up ${WARMUP} s), ${CONNECTIONS} connections, pool ${POOL_SIZE}`,
  );
  const [load1] = os.loadavg();
  log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  if (load1 > 1) warn(`!! the machine is busy (load ${load1.toFixed(2)}): other processes share the cores, expect noisy numbers`);
  log(
    PIN
      ? `CPU: servers pinned to core ${PIN.server}, autocannon (this process) to core ${PIN.load} with taskset; PostgreSQL unpinned (${PIN.cores} cores)`
      : 'CPU: not pinned (BENCH_PIN=0, fewer than 2 cores, or no taskset)',
  );
  return load1;
}

async function main() {
  if (ARGS.topology) return runTopologyBench();
  await snapshotBuild();
  const appSql = readAppSql();
  const sqlDrift = checkBaselineSql(appSql);
  const loadAtStart = describeRun();

  // 1. database, 2. the app on each platform (cold start, one after the other) and its floor,
  // a user of the first app's and the fixtures, 3. the baseline
  const db = await prepareDatabase();
  const platforms = [];
  for (const platform of ARGS.platforms) {
    const { app, startupMs } = await startApp(platform);
    platforms.push({ platform, app, startupMs, floor: await startFloor(platform) });
  }
  const fixtures = await readFixtures(db, await signUpBenchUser(platforms[0].app.url, db));
  const baseline = await startBaseline();

  const scenarios = buildScenarios(fixtures);
  const mismatches = [];
  for (const { platform, app } of platforms)
    mismatches.push(...(await compareAnswers(app, baseline, scenarios)).map((m) => `${platform}: ${m}`));
  for (const m of mismatches) warn(`!! answers differ: ${m}`);

  // 4. load, rotating which server goes first; then each app's search burst
  const results = await measureScenarios(scenarios, platforms, baseline, db);
  const bursts = {};
  for (const { platform, app } of platforms) {
    for (const [name, burst] of Object.entries(await measureBursts(app.url, fixtures.ids, db, `${platform}: `)))
      bursts[`${name} ${platform}`] = burst;
  }
  const apps = Object.fromEntries(
    platforms.map(({ platform, app, startupMs }) => [platform, { rssMb: peakRssMb(app.process.pid), startupMs }]),
  );
  const baselineRssMb = peakRssMb(baseline.process.pid);

  if (EXPLAIN) await explain(db, appSql, fixtures);
  await db.end();

  // 5. report
  const mirrored = !mismatches.length && !sqlDrift.length;
  const failures = printReport({ results, bursts, apps, baselineRssMb, mirrored });
  writeJsonReport({ results, bursts, apps, loadAtStart });
  return failures ? 2 : 0;
}

main()
  .then(async (code) => {
    await cleanup();
    process.exit(code);
  })
  .catch(async (error) => {
    warn(`\nbenchmark failed: ${error.stack ?? error.message}`);
    await cleanup();
    process.exit(1);
  });
