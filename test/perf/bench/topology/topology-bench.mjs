// `npm run bench -- --topology`: the read scenarios through HAProxy on one instance and then on
// two, in the same run, on scripts/topology.mjs (a primary, a streaming replica, PgBouncer in
// transaction mode, Redis, HAProxy); and the pooler's cost: one instance through PgBouncer
// against one straight to the servers, every scenario. Nothing is pinned: the instances,
// PostgreSQL, PgBouncer, HAProxy and autocannon share the machine's cores, and the report
// says how many each used.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppInstance, TOPOLOGY_AUTH_SECRET } from '../../../../scripts/topology/apps.mjs';
import { ARGS, CONNECTIONS, DURATION, POSTS, WARMUP, log, warn } from '../config.mjs';
import { readFixtures, signUpBenchUser } from '../fixtures.mjs';
import { connect } from '../lifecycle.mjs';
import { buildScenarios, drain, load } from '../scenarios.mjs';
import { seed } from '../seed.mjs';
import { withCpuShares } from './cpu.mjs';
import { startTopologyProcess } from './topology-process.mjs';

const READS = new Set(['list_first_page', 'list_keyset_deep', 'get_by_id', 'search_selective', 'search_common', 'list_offset_page2500']);

const pidFrom = (file) => Number(readFileSync(file, 'utf8').split('\n')[0]);
const rate = (r) =>
  `${String(r.rps).padStart(6)} req/s p99 ${String(r.p99).padStart(4)} ms${r.errors ? ` ERRORS ${JSON.stringify(r.statuses)}` : ''}`;

/** The same instance as the topology's, but straight to the primary and the replica. */
async function startDirectInstance(topology) {
  const direct = new AppInstance('direct', {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    BETTER_AUTH_SECRET: TOPOLOGY_AUTH_SECRET,
    BETTER_AUTH_URL: topology.url,
    DATABASE_URL: topology.primary.directUrl,
    DATABASE_REPLICA_URLS: topology.replica.directUrl,
    DATABASE_MIGRATE: 'false',
    DATABASE_BACKUP_BEFORE_MIGRATE: 'false',
    REDIS_URL: topology.redis,
    RATE_LIMIT_ENABLED: 'false',
    DOCS_ENABLED: 'false',
  });
  await direct.start();
  return direct;
}

/** Until the replica has replayed everything the primary has written (the seed, the VACUUM). */
async function replicaCaughtUp(db, replicaUrl) {
  const replica = await connect(replicaUrl);
  const { rows } = await db.query('SELECT pg_current_wal_lsn() AS lsn');
  while (!(await replica.query('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [rows[0].lsn])).rows[0].done) await sleep(200);
  await replica.end();
}

async function measure(target, scenario, db, roots) {
  if (WARMUP > 0) await load(target, scenario, WARMUP);
  const measured = await withCpuShares(roots, () => load(target, scenario, DURATION));
  await drain(db);
  return measured;
}

/** CPU milliseconds per request of the app, PgBouncer and PostgreSQL (both clusters). */
function cpuPerRequest({ result, cores }, app) {
  const ms = (used) => (used * 1000) / result.rps;
  return { app: ms(cores[app]), pgbouncer: ms(cores.pgbouncer), postgres: ms(cores.primary + cores.replica) };
}

/** Each scenario on the instance through PgBouncer and on the direct one, alternating which goes first. */
async function poolerCost(scenarios, pooled, direct, db, roots) {
  log('\npooler: one instance through PgBouncer (transaction mode) against one straight to PostgreSQL');
  const rows = {};
  for (const [index, scenario] of scenarios.entries()) {
    const measured = {};
    for (const target of index % 2 ? [direct, pooled] : [pooled, direct])
      measured[target.name] = await measure(target, scenario, db, roots);
    const ratio = measured.pooled.result.rps / measured.direct.result.rps;
    const cpu = { pooled: cpuPerRequest(measured.pooled, 'app1'), direct: cpuPerRequest(measured.direct, 'direct') };
    rows[scenario.name] = { pooled: measured.pooled.result, direct: measured.direct.result, ratio, cpuMsPerRequest: cpu };
    log(
      `${scenario.name.padEnd(22)} pooled ${rate(measured.pooled.result)} | direct ${rate(measured.direct.result)} | ${ratio.toFixed(2)}`,
    );
    const perRequest = (c) => `app ${c.app.toFixed(3)}, pgbouncer ${c.pgbouncer.toFixed(3)}, postgres ${c.postgres.toFixed(3)}`;
    log(`${''.padEnd(22)} CPU ms per request: pooled ${perRequest(cpu.pooled)} | direct ${perRequest(cpu.direct)}`);
  }
  return rows;
}

/** Each read scenario through HAProxy with app2 in maintenance (one instance), then with it back (two). */
async function scaling(scenarios, topology, db, roots) {
  log('\nscaling: the read scenarios through HAProxy on one instance, then on two');
  const app2 = (state) => topology.command('haproxy', { command: `set server posts_api/app2 state ${state}` });
  const balanced = { name: 'haproxy', url: topology.url };
  const rows = {};
  for (const scenario of scenarios) {
    const measured = {};
    for (const [instances, state] of [
      [1, 'maint'],
      [2, 'ready'],
    ]) {
      await app2(state);
      await sleep(1_000);
      if (WARMUP > 0) await load(balanced, scenario, WARMUP);
      measured[instances] = await withCpuShares(roots, () => load(balanced, scenario, DURATION));
      await drain(db);
    }
    const ratio = measured[2].result.rps / measured[1].result.rps;
    rows[scenario.name] = { one: measured[1], two: measured[2], ratio };
    log(
      `${scenario.name.padEnd(22)} 1 instance ${rate(measured[1].result)} | 2 instances ${rate(measured[2].result)} | ${ratio.toFixed(2)}`,
    );
    const { machine, ofCores } = measured[1];
    log(`${''.padEnd(22)} cores used with 1: ${describeCores(measured[1])}`);
    log(`${''.padEnd(22)} cores used with 2: ${describeCores(measured[2])}`);
    // What was left idle with one instance is all a second one can use on this machine.
    log(
      `${''.padEnd(22)} ceiling here: ×${(ofCores / machine).toFixed(2)} (${ofCores} cores ÷ ${machine.toFixed(2)} busy with 1 instance)`,
    );
  }
  return rows;
}

function describeCores({ cores, machine, ofCores }) {
  const parts = Object.entries(cores)
    .filter(([name]) => name !== 'direct')
    .map(([name, used]) => `${name} ${used.toFixed(2)}`);
  return `${parts.join(', ')}; machine ${machine.toFixed(2)} of ${ofCores}`;
}

export async function runTopologyBench() {
  // config.mjs pinned this process to one core; the topology and its instances get them all.
  const cores = `0-${os.cpus().length - 1}`;
  execFileSync('taskset', ['-a', '-cp', cores, String(process.pid)], { stdio: 'ignore' });
  log(`topology benchmark: ${POSTS.toLocaleString('en')} posts, ${DURATION} s per run (warm-up ${WARMUP} s), ${CONNECTIONS} connections`);
  log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores; nothing pinned`,
  );
  const topology = await startTopologyProcess(['--instances', '2', '--no-rate-limit']);
  let direct;
  let db;
  try {
    db = await connect(topology.primary.directUrl);
    // The topology gives the role the service's 2 s statement timeout; seeding takes longer.
    await db.query('SET statement_timeout = 0');
    await seed(db, { posts: POSTS, log });
    const fixtures = await readFixtures(db, await signUpBenchUser(topology.url, db));
    await replicaCaughtUp(db, topology.replica.directUrl);
    direct = await startDirectInstance(topology);
    const scenarios = buildScenarios(fixtures).filter((scenario) => scenario.name !== 'health_live');
    const roots = {
      app1: topology.instances[0].pid,
      app2: topology.instances[1].pid,
      direct: direct.child.pid,
      haproxy: topology.haproxyPid,
      pgbouncer: pidFrom(path.join(topology.dir, 'pgbouncer.pid')),
      primary: pidFrom(path.join(topology.dir, 'primary/postmaster.pid')),
      replica: pidFrom(path.join(topology.dir, 'replica/postmaster.pid')),
      autocannon: process.pid,
    };
    // Reads on one and two instances first, while every page of the seed is all-visible; the
    // pooler's writes (create, patch) come last.
    const scaled = await scaling(
      scenarios.filter((scenario) => READS.has(scenario.name)),
      topology,
      db,
      roots,
    );
    const pooled = { name: 'pooled', url: topology.instances[0].url };
    const pooler = await poolerCost(scenarios, pooled, { name: 'direct', url: `http://${direct.address}` }, db, roots);
    const errors = [
      ...Object.values(pooler).flatMap((r) => [r.pooled, r.direct]),
      ...Object.values(scaled).flatMap((r) => [r.one.result, r.two.result]),
    ]
      .map((r) => r.errors)
      .reduce((a, b) => a + b, 0);
    if (ARGS.json) writeFileSync(ARGS.json, `${JSON.stringify({ cores: os.cpus().length, pooler, scaling: scaled }, null, 2)}\n`);
    if (errors) warn(`!! ${errors} requests failed`);
    return errors ? 2 : 0;
  } finally {
    await direct?.stop();
    await db?.end();
    await topology.close();
  }
}
