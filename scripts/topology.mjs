#!/usr/bin/env node
// A whole posts-api topology on this machine, from Debian's packages and deploy/'s files:
// a primary and a streaming replica (pg_basebackup -R), PgBouncer in transaction mode, Redis,
// N app instances (`node dist/main.js`) and HAProxy in front. Clusters live in a temp folder on
// free ports; the machine's own PostgreSQL is never touched. Everything is removed on exit.
//
//   npm run topology -- [--instances 3] [--replica-delay-ms 0] [--no-replica]
//                       [--rate-limit 300] [--writes-limit 60] [--no-rate-limit]
//
// When up, prints one JSON line (the addresses) on stdout; logs go to stderr. It then takes
// commands, one JSON line each on stdin, and answers each with a JSON line:
//   {"id":1,"do":"stop-replica"} {"id":2,"do":"start-replica"} {"id":3,"do":"restart","instance":0}
//   {"id":4,"do":"haproxy","command":"show servers state"}
// It shuts down on SIGINT, SIGTERM, or when stdin ends (so a test that dies takes it along).
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { AppInstance, instanceEnv } from './topology/apps.mjs';
import { startPrimary, startReplica } from './topology/postgres.mjs';
import { postgresOwnedDir } from './topology/processes.mjs';
import { startHaproxy, startPgbouncer, startRedis } from './topology/services.mjs';

const { values: args } = parseArgs({
  options: {
    instances: { type: 'string', default: '3' },
    'replica-delay-ms': { type: 'string', default: '0' },
    'no-replica': { type: 'boolean', default: false },
    'rate-limit': { type: 'string', default: '300' },
    'writes-limit': { type: 'string', default: '60' },
    'no-rate-limit': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
  },
});
const DATABASE = 'posts';
const log = (message) => process.stderr.write(`topology: ${message}\n`);
const dir = postgresOwnedDir('posts-topology-');
const stops = [];
let closing;

async function down(code = 0) {
  closing ??= (async () => {
    for (const stop of stops.reverse()) await stop().catch((error) => log(`cleanup: ${error.message}`));
    rmSync(dir, { recursive: true, force: true });
    log('stopped, files removed');
    process.exit(code);
  })();
  return closing;
}
process.once('SIGINT', () => void down());
process.once('SIGTERM', () => void down());
// A reader that went away (its end of stdout closed) is one more reason to clean up, not to crash.
process.stdout.on('error', () => void down());

async function up() {
  const instances = Number(args.instances);
  if (instances > 0 && !args['no-build']) {
    log('building dist/');
    const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const primary = await startPrimary(dir, DATABASE, log);
  stops.push(() => primary.stopIfRunning());
  // Reads outside a transaction carry no timeout through PgBouncer: the role has the service's.
  await primary.query("alter role postgres set statement_timeout = '2s'");
  log(`primary on ${primary.port}`);
  const replica = args['no-replica'] ? undefined : await startReplica(primary, dir, Number(args['replica-delay-ms']), log);
  if (replica) stops.push(() => replica.stopIfRunning());
  const pgbouncer = await startPgbouncer(dir, primary, replica, DATABASE, log);
  stops.push(() => pgbouncer.stop());
  const redis = await startRedis(log);
  stops.push(() => redis.stop());

  const apps = [];
  let haproxy;
  if (instances > 0) {
    // HAProxy needs the instances' addresses and the instances its URL: ports first, then start.
    for (let index = 0; index < instances; index++) apps.push(new AppInstance(`app${index + 1}`, {}));
    for (const app of apps) await app.reservePorts();
    haproxy = await startHaproxy(
      dir,
      apps.map((app) => app.address),
      log,
    );
    stops.push(() => haproxy.stop());
    const env = instanceEnv({
      pgbouncer,
      primary,
      database: DATABASE,
      redis,
      replica,
      publicUrl: haproxy.url,
      rateLimitPerMinute: Number(args['rate-limit']),
      writesPerMinute: Number(args['writes-limit']),
      rateLimited: !args['no-rate-limit'],
    });
    // The first migrates the database; the others find it migrated.
    for (const app of apps) {
      app.env = env;
      stops.push(() => app.stop());
      await app.start();
      log(`${app.name} on ${app.address} (metrics on ${app.metricsPort})`);
    }
  }

  const describe = () => ({
    url: haproxy?.url,
    haproxyPid: haproxy?.pid,
    instances: apps.map((app) => ({
      name: app.name,
      pid: app.child?.pid,
      url: `http://${app.address}`,
      metricsUrl: `http://127.0.0.1:${app.metricsPort}/metrics`,
    })),
    primary: { url: pgbouncer.url(), directUrl: primary.url(DATABASE) },
    replica: replica && { url: pgbouncer.url(`${DATABASE}_replica`), directUrl: replica.url(DATABASE) },
    redis: redis.url,
    dir,
  });
  process.stdout.write(`${JSON.stringify(describe())}\n`);

  const commands = {
    'stop-replica': () => replica.stop('fast'),
    'start-replica': () => replica.start(),
    stop: ({ instance }) => apps[instance].stop(),
    start: ({ instance }) => apps[instance].start(),
    restart: async ({ instance }) => ({ exitCode: await apps[instance].stop(), started: await apps[instance].start() }),
    haproxy: ({ command }) => haproxy.command(command),
    describe,
  };
  const lines = createInterface({ input: process.stdin });
  lines.on('line', async (line) => {
    let request;
    try {
      request = JSON.parse(line);
      const result = await commands[request.do](request);
      process.stdout.write(`${JSON.stringify({ id: request.id, ok: true, result: result ?? null })}\n`);
    } catch (error) {
      process.stdout.write(`${JSON.stringify({ id: request?.id, ok: false, error: error.message })}\n`);
    }
  });
  lines.on('close', () => void down());
}

up().catch((error) => {
  log(`failed: ${error.stack ?? error.message}`);
  void down(1);
});
