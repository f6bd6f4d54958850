// Running tools as the right user, finding free ports, installing Debian packages when missing.
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);
const asRoot = userInfo().uid === 0;

/** Runs `command` as the OS user `postgres` when we are root: initdb, pg_ctl and pgbouncer refuse root. */
export function asPostgres(command, args, options = {}) {
  return asRoot ? run('runuser', ['-u', 'postgres', '--', command, ...args], options) : run(command, args, options);
}

/** A temporary folder the `postgres` user owns. */
export function postgresOwnedDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (asRoot) {
    const id = (flag) => Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  return dir;
}

export function chownToPostgres(path) {
  if (!asRoot) return;
  spawnSync('chown', ['-R', 'postgres', path]);
}

/** A port nothing listens on right now. */
export async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Installs Debian's `pkg` with apt-get when `binary` is not found. */
export function ensureInstalled(binary, pkg, log) {
  if (spawnSync('sh', ['-c', `command -v ${binary} || test -x ${binary}`]).status === 0) return;
  log(`installing ${pkg} (apt-get)`);
  const install = spawnSync('apt-get', ['install', '-y', '-q', pkg], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    encoding: 'utf8',
  });
  if (install.status !== 0) throw new Error(`apt-get install ${pkg} failed:\n${install.stderr}`);
}

/** Resolves once `check` resolves truthy, trying every 100 ms for `timeoutMs`. */
export async function waitFor(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
