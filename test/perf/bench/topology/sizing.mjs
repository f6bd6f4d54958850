#!/usr/bin/env node
// Sizing from a topology benchmark's JSON (`npm run bench -- --topology --json FILE`): CPU per
// request of a read/write mix through PgBouncer, and the cores, instances, PgBouncers and
// replicas it takes at a request rate. docs/scaling.md quotes what this prints.
//
//   node test/perf/bench/topology/sizing.mjs FILE [RATE ...]     (default rates 10000 100000)
import { readFileSync } from 'node:fs';

// The mix: 90 % reads, 10 % writes, weighted toward the cheap reads a feed app serves most.
export const MIX = {
  get_by_id: 0.35,
  list_first_page: 0.2,
  list_keyset_deep: 0.15,
  search_common: 0.08,
  search_selective: 0.08,
  list_offset_page2500: 0.04,
  create_post: 0.07,
  update_post: 0.03,
};
const WRITES = new Set(['create_post', 'update_post']);
// Cores are sized to run at 60 % busy: room for bursts, a failed-over instance, a slow query.
const TARGET_BUSY = 0.6;
// A database host of this many cores; an app instance uses one (Node runs JavaScript on one thread).
const DATABASE_HOST_CORES = 16;

/** CPU milliseconds per request of the mix, by where they are spent. */
export function mixCost(pooler) {
  const cost = { app: 0, pgbouncer: 0, replicaPostgres: 0, primaryPostgres: 0 };
  for (const [scenario, weight] of Object.entries(MIX)) {
    const cpu = pooler[scenario]?.cpuMsPerRequest?.pooled;
    if (!cpu) throw new Error(`the report has no pooled CPU figures for ${scenario}`);
    cost.app += weight * cpu.app;
    cost.pgbouncer += weight * cpu.pgbouncer;
    // A write, and the read with its token that follows it, are the primary's; other reads the replicas'.
    if (WRITES.has(scenario)) cost.primaryPostgres += weight * cpu.postgres;
    else cost.replicaPostgres += weight * cpu.postgres;
  }
  const writeShare = [...WRITES].reduce((sum, scenario) => sum + MIX[scenario], 0);
  const readAfterWrite = writeShare * pooler.get_by_id.cpuMsPerRequest.pooled.postgres;
  cost.primaryPostgres += readAfterWrite;
  cost.replicaPostgres -= readAfterWrite;
  return cost;
}

/** What `rate` requests a second of the mix take. */
export function size(cost, rate) {
  const cores = (ms) => (rate * ms) / 1000 / TARGET_BUSY;
  const appCores = cores(cost.app);
  const replicaCores = cores(cost.replicaPostgres);
  return {
    rate,
    instances: Math.ceil(appCores),
    pgbouncers: Math.ceil(cores(cost.pgbouncer)),
    primaryCores: Math.ceil(cores(cost.primaryPostgres)),
    replicas: Math.max(1, Math.ceil(replicaCores / DATABASE_HOST_CORES)),
    replicaCores: Math.ceil(replicaCores),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, ...rates] = process.argv.slice(2);
  if (!file) throw new Error('usage: sizing.mjs FILE [RATE ...]');
  const cost = mixCost(JSON.parse(readFileSync(file, 'utf8')).pooler);
  const ms = (value) => `${value.toFixed(3)} ms`;
  console.log(
    `mix CPU per request: app ${ms(cost.app)}, PgBouncer ${ms(cost.pgbouncer)}, PostgreSQL on replicas ${ms(cost.replicaPostgres)}, on the primary ${ms(cost.primaryPostgres)}`,
  );
  for (const rate of (rates.length ? rates : ['10000', '100000']).map(Number)) {
    const s = size(cost, rate);
    console.log(
      `${rate} req/s at ${TARGET_BUSY * 100} % busy: ${s.instances} instances, ${s.pgbouncers} PgBouncer processes, primary ${s.primaryCores} cores, ${s.replicas} replica(s) of ${DATABASE_HOST_CORES} cores (${s.replicaCores} cores of reads)`,
    );
  }
}
