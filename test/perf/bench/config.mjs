// The benchmark's settings (environment and arguments, see bench.mjs), where it runs, and its output.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../../..');

export function intEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${raw})`);
  }
  return value;
}

function parseArgs(argv) {
  const args = { json: undefined, topology: false, platforms: ['express', 'fastify'] };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--topology') args.topology = true;
    else if (argv[i] === '--platform') args.platforms = platformList(argv[++i]);
    else if (argv[i].startsWith('--platform=')) args.platforms = platformList(argv[i].slice('--platform='.length));
    else if (argv[i] === '--json') args.json = argv[++i];
    else if (argv[i].startsWith('--json=')) args.json = argv[i].slice('--json='.length);
    else throw new Error(`unknown argument ${argv[i]} (expected --json FILE, --platform express,fastify, --topology)`);
  }
  if (args.json === '') throw new Error('--json needs a file name');
  return args;
}

function platformList(value = '') {
  const platforms = value.split(',').map((name) => name.trim());
  const unknown = platforms.filter((name) => name !== 'express' && name !== 'fastify');
  if (!platforms.length || unknown.length) throw new Error(`--platform takes express, fastify or both, comma-separated (got ${value})`);
  return [...new Set(platforms)];
}

export const ARGS = parseArgs(process.argv.slice(2));
export const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
export const POSTS = intEnv('BENCH_POSTS', 100_000, 1_000, 50_000_000);
export const DURATION = intEnv('BENCH_DURATION', 10, 1, 600);
export const WARMUP = Math.min(intEnv('BENCH_WARMUP', 2, 0, 60), DURATION);
export const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50, 1, 1000);
export const POOL_SIZE = intEnv('BENCH_POOL_SIZE', 10, 1, 100);
export const KEEP_DB = process.env.BENCH_KEEP_DB === '1';
// Another build to measure (a folder with dist/ and migrations/, e.g. a patched copy); default: this checkout.
export const APP_DIR = path.resolve(process.env.BENCH_APP_DIR || ROOT);
export const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
export const ONLY = process.env.BENCH_SCENARIOS ? new Set(process.env.BENCH_SCENARIOS.split(',').map((s) => s.trim())) : undefined;
export const OWN_POSTS = 1_000;
export const STARTUP_TIMEOUT_MS = 60_000;
export const AUTH_SECRET = randomBytes(32).toString('base64');
export const DB_NAME = `bench_${Date.now()}`;
export const BENCH_URL = withDatabase(ADMIN_URL, DB_NAME);

export const log = (line = '') => process.stdout.write(`${line}\n`);
export const warn = (line) => process.stderr.write(`${line}\n`);

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

// ---- CPU placement ---------------------------------------------------------------------------
// Servers on core 0, this process (autocannon) on core 1; PostgreSQL is left where the OS puts it.
export const PIN = (() => {
  if (process.env.BENCH_PIN === '0') return undefined;
  const cores = os.cpus().length;
  if (cores < 2) return undefined;
  try {
    execFileSync('taskset', ['-a', '-cp', '1', String(process.pid)], { stdio: 'ignore' });
    return { server: 0, load: 1, cores };
  } catch {
    return undefined;
  }
})();
