import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port';

const run = promisify(execFile);
const BIN_DIR = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';
// initdb refuses to run as root; the cluster is then owned by this OS user.
const OS_USER = 'postgres';

/**
 * A PostgreSQL cluster of its own (initdb + pg_ctl) in a temp directory, on a free
 * port: a test may stop and restart it at will. Never the machine's shared server.
 */
export interface ThrowawayPostgres {
  readonly port: number;
  /** Superuser `postgres`, trust auth, database `postgres`. */
  readonly url: string;
  /** Starts the server (again), on the same data dir and port. */
  start(): Promise<void>;
  /** `pg_ctl stop -m immediate`: every backend dies at once, as in a crash. */
  stop(): Promise<void>;
  /** Stops the server if it runs and deletes the temp directory. */
  destroy(): Promise<void>;
}

export async function startThrowawayPostgres(): Promise<ThrowawayPostgres> {
  if (!existsSync(join(BIN_DIR, 'pg_ctl'))) {
    throw new Error(`PostgreSQL binaries not found in ${BIN_DIR}: install them or set POSTGRES_BIN_DIR`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'posts-pg-'));
  const dataDir = join(dir, 'data');
  const asRoot = userInfo().uid === 0;
  const pg = (tool: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', OS_USER, '--', join(BIN_DIR, tool), ...args]) : run(join(BIN_DIR, tool), args);
  if (asRoot) {
    const { uid, gid } = await osUser(OS_USER);
    chownSync(dir, uid, gid);
  }
  let port = 0;
  let running = false;

  const cluster: ThrowawayPostgres = {
    get port() {
      return port;
    },
    get url() {
      return `postgres://postgres@127.0.0.1:${port}/postgres`;
    },
    async start() {
      await pg('pg_ctl', [
        '-D',
        dataDir,
        '-l',
        join(dir, 'server.log'),
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
        '-w',
        '-t',
        '30',
        'start',
      ]);
      running = true;
    },
    async stop() {
      await pg('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      running = false;
    },
    async destroy() {
      try {
        if (running || existsSync(join(dataDir, 'postmaster.pid'))) await cluster.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };

  try {
    await pg('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '--no-instructions']);
    // Another process may take the port between probing and binding it: try a few.
    for (let attempt = 1; ; attempt++) {
      port = await freePort();
      try {
        await cluster.start();
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
      }
    }
    return cluster;
  } catch (error) {
    await cluster.destroy().catch(() => undefined);
    throw error;
  }
}

async function osUser(name: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
