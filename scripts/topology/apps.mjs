// posts-api instances (`node dist/main.js`, built first), each on its own port with metrics on
// another, all configured alike: the primary through PgBouncer, the replica, Redis.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { freePort, waitFor } from './processes.mjs';
import { stopChild } from './services.mjs';

const ROOT = resolve(import.meta.dirname, '../..');
/** Every instance's BETTER_AUTH_SECRET: one instance's sessions are valid on all of them. */
export const TOPOLOGY_AUTH_SECRET = 'topology-secret-Xk2p9QvL7mN4rT8wZ1cB6yF3hJ5sD0gA';

export class AppInstance {
  constructor(name, env) {
    this.name = name;
    this.env = env;
    this.output = '';
  }

  get address() {
    return `127.0.0.1:${this.port}`;
  }

  /** Ports stay the instance's across restarts: HAProxy knows it by its address. */
  async reservePorts() {
    this.port ??= await freePort();
    this.metricsPort ??= await freePort();
  }

  async start() {
    await this.reservePorts();
    this.child = spawn(process.execPath, ['dist/main.js'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, ...this.env, PORT: String(this.port), METRICS_PORT: String(this.metricsPort) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const keep = (chunk) => (this.output = (this.output + chunk).slice(-20_000));
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    const exited = new Promise((done) => this.child.once('exit', () => done(true)));
    await waitFor(
      `${this.name}`,
      async () => {
        if (this.child.exitCode !== null) throw new Error(`${this.name} exited ${this.child.exitCode}:\n${this.output}`);
        const response = await fetch(`http://${this.address}/health/ready`);
        return response.status === 200;
      },
      60_000,
    ).catch(async (error) => {
      await Promise.race([exited, new Promise((done) => setTimeout(done, 100))]);
      throw new Error(`${error.message}\n${this.output}`);
    });
  }

  /** SIGTERM, as an orchestrator sends it: the instance drains and exits; resolves with its exit code. */
  async stop() {
    const child = this.child;
    if (!child) return null;
    await stopChild(child);
    return child.exitCode;
  }
}

/** The environment every instance shares. */
export function instanceEnv({ pgbouncer, primary, database, redis, publicUrl, replica, rateLimitPerMinute, writesPerMinute, rateLimited }) {
  return {
    NODE_ENV: 'production',
    LOG_LEVEL: process.env.TOPOLOGY_LOG_LEVEL ?? 'warn',
    BETTER_AUTH_SECRET: TOPOLOGY_AUTH_SECRET,
    BETTER_AUTH_URL: publicUrl,
    TRUST_PROXY: '1',
    DATABASE_URL: pgbouncer.url(),
    DATABASE_POOLER: 'transaction',
    DATABASE_DIRECT_URL: primary.url(database),
    ...(replica ? { DATABASE_REPLICA_URLS: pgbouncer.url(`${database}_replica`) } : {}),
    DATABASE_BACKUP_BEFORE_MIGRATE: 'false',
    REDIS_URL: redis.url,
    RATE_LIMIT_ENABLED: String(rateLimited),
    RATE_LIMIT_PER_MINUTE: String(rateLimitPerMinute),
    RATE_LIMIT_WRITES_PER_MINUTE: String(writesPerMinute),
    DOCS_ENABLED: 'false',
  };
}
