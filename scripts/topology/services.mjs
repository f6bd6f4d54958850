// PgBouncer, Redis and HAProxy for the topology, each from Debian's package, on free ports,
// configured from deploy/: started in the background, stopped by `stop()`.
import { spawn } from 'node:child_process';
import { copyFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { asPostgres, chownToPostgres, ensureInstalled, freePort, waitFor } from './processes.mjs';

const DEPLOY = resolve(import.meta.dirname, '../../deploy');

const listening = (port) =>
  new Promise((done) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.destroy();
      done(true);
    }).on('error', () => done(false));
  });

/** PgBouncer in transaction mode: database `posts` on the primary, `posts_replica` on the replica. */
export async function startPgbouncer(dir, primary, replica, database, log) {
  ensureInstalled('pgbouncer', 'pgbouncer', log);
  const port = await freePort();
  writeFileSync(join(dir, 'userlist.txt'), '"postgres" ""\n');
  // A copy in pgbouncer's own folder: the checkout may sit where the postgres user cannot read.
  copyFileSync(join(DEPLOY, 'pgbouncer/pgbouncer.ini'), join(dir, 'deploy-pgbouncer.ini'));
  const entries = [`${database} = host=127.0.0.1 port=${primary.port} dbname=${database}`];
  if (replica) entries.push(`${database}_replica = host=127.0.0.1 port=${replica.port} dbname=${database}`);
  writeFileSync(
    join(dir, 'pgbouncer.ini'),
    [
      '[databases]',
      ...entries,
      '[pgbouncer]',
      `%include ${join(dir, 'deploy-pgbouncer.ini')}`,
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      'auth_type = trust',
      `auth_file = ${join(dir, 'userlist.txt')}`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      `pidfile = ${join(dir, 'pgbouncer.pid')}`,
      '',
    ].join('\n'),
  );
  chownToPostgres(dir);
  await asPostgres('pgbouncer', ['-d', join(dir, 'pgbouncer.ini')]);
  await waitFor('pgbouncer', () => listening(port));
  return {
    port,
    url: (db = database) => `postgres://postgres@127.0.0.1:${port}/${db}`,
    stop: () => asPostgres('sh', ['-c', `kill $(cat ${join(dir, 'pgbouncer.pid')})`]).catch(() => undefined),
  };
}

/** A Redis of its own, nothing saved to disk. */
export async function startRedis(log) {
  ensureInstalled('redis-server', 'redis-server', log);
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await waitFor('redis', () => listening(port));
  return { port, url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/** HAProxy from deploy/haproxy/haproxy.cfg in front of `apps` (host:port each, up to 3). */
export async function startHaproxy(dir, apps, log) {
  ensureInstalled('haproxy', 'haproxy', log);
  const port = await freePort();
  const socket = join(dir, 'haproxy.sock');
  const addresses = Object.fromEntries([0, 1, 2].map((index) => [`APP${index + 1}`, apps[index] ?? apps[0]]));
  const child = spawn('haproxy', ['-W', '-db', '-f', join(DEPLOY, 'haproxy/haproxy.cfg')], {
    env: { ...process.env, HAPROXY_BIND: `127.0.0.1:${port}`, HAPROXY_SOCKET: socket, ...addresses },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (chunk) => (output += chunk));
  await waitFor('haproxy', () => listening(port)).catch((error) => {
    throw new Error(`${error.message}\n${output}`);
  });
  const command = (line) =>
    new Promise((done, fail) => {
      let answer = '';
      connect(socket)
        .on('connect', function () {
          this.end(`${line}\n`);
        })
        .on('data', (chunk) => (answer += chunk))
        .on('end', () => done(answer))
        .on('error', fail);
    });
  // The config names three servers; with fewer instances the spare ones (set to the first
  // instance's address) go into maintenance, so that instance does not get a double share.
  for (let index = apps.length; index < 3; index++) await command(`set server posts_api/app${index + 1} state maint`);
  return { port, pid: child.pid, url: `http://127.0.0.1:${port}`, command, output: () => output, stop: () => stopChild(child) };
}

export function stopChild(child, signal = 'SIGTERM') {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', done);
    child.kill(signal);
  });
}
