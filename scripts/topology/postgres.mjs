// Throw-away PostgreSQL clusters for the topology: a primary and a streaming replica made with
// `pg_basebackup -R`, configured by deploy/postgres/*.conf, on free ports, in temp folders.
import { appendFileSync, copyFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { asPostgres, ensureInstalled, freePort, run, waitFor } from './processes.mjs';

const BIN = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
const DEPLOY = resolve(import.meta.dirname, '../../deploy/postgres');

class Cluster {
  constructor(name, dir, port) {
    this.name = name;
    this.dataDir = join(dir, name);
    this.socketDir = dir;
    this.port = port;
    this.running = false;
  }

  url(database = 'postgres') {
    return `postgres://postgres@127.0.0.1:${this.port}/${database}`;
  }

  async start() {
    const options = `-p ${this.port} -k ${this.socketDir} -c listen_addresses=127.0.0.1`;
    await asPostgres(join(BIN, 'pg_ctl'), ['-D', this.dataDir, '-l', `${this.dataDir}.log`, '-o', options, '-w', '-t', '60', 'start']);
    this.running = true;
  }

  /** `fast`: clients are disconnected and the server shuts down cleanly; `immediate`: as in a crash. */
  async stop(mode = 'fast') {
    await asPostgres(join(BIN, 'pg_ctl'), ['-D', this.dataDir, '-m', mode, '-w', 'stop']);
    this.running = false;
  }

  async stopIfRunning() {
    if (this.running || existsSync(join(this.dataDir, 'postmaster.pid'))) await this.stop('immediate').catch(() => undefined);
  }

  async query(sql, database = 'postgres') {
    const { stdout } = await run(join(BIN, 'psql'), ['-XAtq', '-v', 'ON_ERROR_STOP=1', this.url(database), '-c', sql]);
    return stdout.trim();
  }
}

/** A primary with deploy/postgres/primary.conf, and an empty database `database`. */
export async function startPrimary(dir, database, log) {
  ensureInstalled(join(BIN, 'initdb'), 'postgresql-15', log);
  const primary = new Cluster('primary', dir, await freePort());
  await asPostgres(join(BIN, 'initdb'), ['-D', primary.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
  // The server reads its settings as postgres: copied into its data dir, not included from the checkout.
  copyFileSync(join(DEPLOY, 'primary.conf'), join(primary.dataDir, 'deploy.conf'));
  appendFileSync(join(primary.dataDir, 'postgresql.conf'), `\ninclude 'deploy.conf'\n`);
  await primary.start();
  await primary.query(`create database "${database}"`);
  return primary;
}

/**
 * A streaming replica of `primary` (deploy/postgres/replica.conf). `applyDelayMs` sets
 * `recovery_min_apply_delay`: commits become visible there that much later, so lag can be seen.
 */
export async function startReplica(primary, dir, applyDelayMs, log) {
  const replica = new Cluster('replica', dir, await freePort());
  await asPostgres(join(BIN, 'pg_basebackup'), [
    '-D',
    replica.dataDir,
    '-d',
    primary.url(),
    '-R',
    '-X',
    'stream',
    '--checkpoint=fast',
    '--no-sync',
  ]);
  // pg_basebackup copied the primary's deploy.conf: the replica's own settings replace it.
  copyFileSync(join(DEPLOY, 'replica.conf'), join(replica.dataDir, 'deploy.conf'));
  appendFileSync(join(replica.dataDir, 'postgresql.conf'), `\ninclude 'deploy.conf'\nrecovery_min_apply_delay = '${applyDelayMs}ms'\n`);
  await replica.start();
  await waitFor(
    'replica streaming',
    async () => (await primary.query("select count(*) from pg_stat_replication where state = 'streaming'")) === '1',
  );
  log(`replica streaming from the primary (recovery_min_apply_delay ${applyDelayMs} ms)`);
  return replica;
}
