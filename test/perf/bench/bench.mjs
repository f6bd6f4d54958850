// Benchmark: the built app (dist/main.js) against a minimal node:http + pg baseline
// (baseline.mjs) on the same PostgreSQL database, same SQL, same JSON.
//
//   npm run bench [-- --json FILE]
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
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { readAppSql } from './app-sql.mjs';
import { ATTACK_SEARCH, describeBurst, searchBurst } from './burst.mjs';
import { COMMON_TERM, SELECTIVE_TERM, seed, seedAuthorPosts } from './seed.mjs';
import {
  INSERT_HISTORY_SQL,
  INSERT_POST_SQL,
  SEARCH_WINDOW,
  SESSION_BY_TOKEN_SQL,
  findByIdSql,
  listSql,
  searchMatchesSql,
  searchRecentSql,
  updateSql,
} from './sql.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');

// ---- configuration ---------------------------------------------------------------------------
function intEnv(name, fallback, min, max) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (got ${raw})`);
  }
  return value;
}

function parseArgs(argv) {
  const args = { json: undefined };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--json') args.json = argv[++i];
    else if (argv[i].startsWith('--json=')) args.json = argv[i].slice('--json='.length);
    else throw new Error(`unknown argument ${argv[i]} (expected --json FILE)`);
  }
  if (args.json === '') throw new Error('--json needs a file name');
  return args;
}

const ARGS = parseArgs(process.argv.slice(2));
const ADMIN_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const POSTS = intEnv('BENCH_POSTS', 100_000, 1_000, 50_000_000);
const DURATION = intEnv('BENCH_DURATION', 10, 1, 600);
const WARMUP = Math.min(intEnv('BENCH_WARMUP', 2, 0, 60), DURATION);
const CONNECTIONS = intEnv('BENCH_CONNECTIONS', 50, 1, 1000);
const POOL_SIZE = intEnv('BENCH_POOL_SIZE', 10, 1, 100);
const KEEP_DB = process.env.BENCH_KEEP_DB === '1';
// Another build to measure (a folder with dist/ and migrations/, e.g. a patched copy); default: this checkout.
const APP_DIR = path.resolve(process.env.BENCH_APP_DIR || ROOT);
const EXPLAIN = process.env.BENCH_EXPLAIN === '1';
const ONLY = process.env.BENCH_SCENARIOS ? new Set(process.env.BENCH_SCENARIOS.split(',').map((s) => s.trim())) : undefined;
const OWN_POSTS = 1_000;
const STARTUP_TIMEOUT_MS = 60_000;
const AUTH_SECRET = randomBytes(32).toString('base64');
const DB_NAME = `bench_${Date.now()}`;
const BENCH_URL = withDatabase(ADMIN_URL, DB_NAME);

const log = (line = '') => process.stdout.write(`${line}\n`);
const warn = (line) => process.stderr.write(`${line}\n`);

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

// ---- CPU placement ---------------------------------------------------------------------------
// Servers on core 0, this process (autocannon) on core 1; PostgreSQL is left where the OS puts it.
const PIN = (() => {
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

// ---- a private copy of the build ----------------------------------------------------------------
// Others may rebuild dist/ while the benchmark runs (nest build empties it first), so the
// benchmark runs a snapshot: <tmp>/dist + <tmp>/migrations + <tmp>/node_modules -> ROOT/node_modules.
// Builds from before the layout by layer kept the migration CLI in dist/database/.
const MIGRATE_CLI =
  ['dist/app/migrate.cli.js', 'dist/database/migrate.cli.js'].find((file) => existsSync(path.join(APP_DIR, file))) ??
  'dist/app/migrate.cli.js';
const REQUIRED = ['dist/main.js', MIGRATE_CLI];
let snapshotDir;

async function snapshotBuild() {
  // A concurrent build may be half-way: wait (bounded) until the files are there and stop changing.
  const deadline = Date.now() + 180_000;
  for (;;) {
    const present = REQUIRED.every((file) => existsSync(path.join(APP_DIR, file)));
    const newest = present ? Math.max(...REQUIRED.map((file) => statSync(path.join(APP_DIR, file)).mtimeMs)) : 0;
    if (present && Date.now() - newest > 3_000) break;
    if (Date.now() > deadline) throw new Error(`the build in dist/ is incomplete (${REQUIRED.join(', ')}): run \`npm run build\``);
    await sleep(1_000);
  }
  snapshotDir = mkdtempSync(path.join(os.tmpdir(), 'posts-bench-'));
  cpSync(path.join(APP_DIR, 'dist'), path.join(snapshotDir, 'dist'), { recursive: true });
  cpSync(path.join(APP_DIR, 'migrations'), path.join(snapshotDir, 'migrations'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(snapshotDir, 'node_modules'), 'dir');
  const missing = REQUIRED.filter((file) => !existsSync(path.join(snapshotDir, file)));
  if (missing.length) throw new Error(`dist/ changed while it was copied (missing ${missing.join(', ')}); run the benchmark again`);
}

// ---- lifecycle: children and the database are cleaned up on every exit path ----------------
const children = new Set();
let admin; // pg.Client on the admin database
let databaseCreated = false;
let cleaning;

function cleanup() {
  cleaning ??= (async () => {
    await Promise.all([...children].map((child) => stopChild(child)));
    if (databaseCreated && !KEEP_DB) {
      try {
        admin ??= await connect(ADMIN_URL);
        await admin.query(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`);
        log(`dropped database ${DB_NAME}`);
      } catch (error) {
        warn(`could not drop database ${DB_NAME}: ${error.message}`);
      }
    } else if (databaseCreated) {
      log(`kept database: ${BENCH_URL}`);
    }
    await admin?.end().catch(() => {});
    if (snapshotDir) rmSync(snapshotDir, { recursive: true, force: true });
  })();
  return cleaning;
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.on(signal, () => {
    warn(`\n${signal}: stopping servers and dropping ${DB_NAME}…`);
    cleanup().finally(() => process.exit(code));
  });
}
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

async function connect(url) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => {});
  await client.connect();
  return client;
}

// ---- child processes -------------------------------------------------------------------------
function startServer(name, args, env) {
  const command = PIN ? 'taskset' : process.execPath;
  const argv = PIN ? ['-c', String(PIN.server), process.execPath, ...args] : args;
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.label = name;
  child.tail = [];
  child.printed = 0;
  const collect = (stream) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        child.tail.push(line);
        if (child.tail.length > 40) child.tail.shift();
        // Warnings and errors are worth seeing, but a failing server could print one per request.
        if (/"level":(40|50|60)|error|Error/.test(line) && child.printed++ < 8) warn(`[${name}] ${line.slice(0, 400)}`);
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  children.add(child);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.exited.then(() => children.delete(child));
  return child;
}

async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([child.exited, sleep(8_000).then(() => false)]);
  if (!stopped) child.kill('SIGKILL');
}

function runNode(args, env, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${label} exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One HTTP request with node:http (no keep-alive), bounded by `timeoutMs`. */
function request(method, url, { headers = {}, body, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(url, {
      method,
      headers: {
        ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        ...headers,
      },
      timeout: timeoutMs,
      agent: false,
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.end(payload);
  });
}

/** Polls `url` until it answers 200; returns ms since `since`. */
async function waitFor200(url, child, since, timeoutMs = STARTUP_TIMEOUT_MS) {
  const deadline = since + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${child.label} exited during start-up:\n${child.tail.join('\n')}`);
    }
    try {
      const res = await request('GET', url, { timeoutMs: 1_000 });
      if (res.status === 200) return performance.now() - since;
    } catch {
      /* not listening yet */
    }
    await sleep(10);
  }
  throw new Error(`${child.label} not ready within ${timeoutMs} ms:\n${child.tail.join('\n')}`);
}

function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round((kb / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

const encodeCursor = ({ createdAt, id }) => Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

// ---- load ------------------------------------------------------------------------------------
function rotating(paths) {
  let i = 0;
  return (req) => {
    req.path = paths[i++ % paths.length];
    return req;
  };
}

function buildScenarios(fx) {
  const words = 'river mountain coffee window garden silver market engine harbor quiet planet bridge forest candle'.split(' ');
  const content = (n) => Array.from({ length: 40 }, (_, i) => words[(n + i * 7) % words.length]).join(' ');
  const auth = { authorization: `Bearer ${fx.token}`, 'content-type': 'application/json' };
  let created = 0;
  let patched = 0;
  return [
    // No database and no body to compare (terminus answers more than {status}): the cost of
    // the HTTP pipeline alone, the floor under every other scenario's ratio.
    { name: 'health_live', path: '/health/live', note: 'no database: the HTTP pipeline alone', compare: false },
    { name: 'list_first_page', path: '/api/posts' },
    {
      name: 'list_keyset_deep',
      path: `/api/posts?cursor=${fx.deepCursor}`,
      note: `cursor after row ${fx.deepRow.toLocaleString('en')}${fx.deepRow === 50_000 ? '' : ': the feed is too short for 50,000'}`,
    },
    {
      name: 'get_by_id',
      path: `/api/posts/${fx.ids[0]}`,
      setupRequest: rotating(fx.ids.map((id) => `/api/posts/${id}`)),
      note: `${fx.ids.length} ids`,
    },
    { name: 'search_selective', path: `/api/posts?q=${SELECTIVE_TERM}`, note: `${fx.selectiveMatches} matches` },
    { name: 'search_common', path: `/api/posts?q=${COMMON_TERM}`, note: `${fx.commonMatches.toLocaleString('en')} matches` },
    {
      name: 'list_offset_page2500',
      path: `/api/posts?page=${fx.page}`,
      note: fx.page === 2500 ? 'offset 49,980' : `page ${fx.page}: the feed is too short for 2500`,
    },
    {
      name: 'create_post',
      method: 'POST',
      path: '/api/posts',
      headers: auth,
      setupRequest: (req) => {
        const n = created++;
        req.body = JSON.stringify({ title: `Bench post ${n}`, content: content(n), published: false });
        return req;
      },
      write: true,
    },
    {
      name: 'update_post',
      method: 'PATCH',
      path: `/api/posts/${fx.ownIds[0]}`,
      headers: auth,
      setupRequest: (req) => {
        const n = patched++;
        req.path = `/api/posts/${fx.ownIds[n % fx.ownIds.length]}`;
        req.body = JSON.stringify({ title: `Edited ${n}` });
        return req;
      },
      note: `rotating over ${fx.ownIds.length} own posts`,
      write: true,
    },
  ].filter((s) => !ONLY || ONLY.has(s.name));
}

async function load(target, scenario, duration) {
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration,
    timeout: 10,
    requests: [
      {
        method: scenario.method ?? 'GET',
        path: scenario.path,
        headers: scenario.headers ?? {},
        ...(scenario.setupRequest ? { setupRequest: scenario.setupRequest } : {}),
      },
    ],
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)]));
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    statuses,
    requests: result.requests.total,
  };
}

const DRAIN_MS = 15_000;
const DRAIN_LIMIT_MS = 120_000;

/**
 * Waits until no other session has run a query in the bench database for a second. After
 * DRAIN_MS it cancels whatever runs, again and again (a server may still hold queued requests
 * of closed connections, each starting a new query), for at most DRAIN_LIMIT_MS in all.
 * Returns how many queries it cancelled.
 */
async function drain(db) {
  const activeSql = `SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND backend_type = 'client backend'`;
  const started = Date.now();
  let idleSince;
  let cancelled = 0;
  while (Date.now() - started < DRAIN_LIMIT_MS) {
    const { rows } = await db.query(activeSql);
    if (!rows.length) {
      idleSince ??= Date.now();
      if (Date.now() - idleSince >= 1_000) return cancelled;
    } else {
      idleSince = undefined;
      if (Date.now() - started > DRAIN_MS) {
        const result = await db.query('SELECT pg_cancel_backend(pid) AS ok FROM unnest($1::int[]) AS pid', [rows.map((r) => r.pid)]);
        cancelled += result.rows.filter((r) => r.ok).length;
      }
    }
    await sleep(200);
  }
  warn(`!! the database did not become idle within ${DRAIN_LIMIT_MS / 1000} s`);
  return cancelled;
}

// ---- checks ------------------------------------------------------------------------------------
function checkBaselineSql(appSql) {
  const expected = {
    findById: findByIdSql(),
    findByIdForUpdate: findByIdSql({ lock: true }),
    listFirst: listSql(),
    listKeyset: listSql({ after: true }),
    searchRecent: searchRecentSql(),
    searchMatches: searchMatchesSql(),
    listOffset: listSql({ offset: true }),
    insertPost: INSERT_POST_SQL,
    updateTitle: updateSql(['title']),
    addHistory: INSERT_HISTORY_SQL,
    sessionByToken: SESSION_BY_TOKEN_SQL,
  };
  const drift = Object.keys(expected).filter((k) => expected[k] !== appSql[k].sql);
  for (const k of drift) warn(`!! baseline SQL drifted from the app for ${k}:\n   app:      ${appSql[k].sql}\n   baseline: ${expected[k]}`);
  return drift;
}

/** The read scenarios must answer the same JSON on both servers. */
async function compareAnswers(app, baseline, scenarios) {
  const problems = [];
  for (const s of scenarios.filter((x) => !x.write && x.compare !== false)) {
    const path = s.setupRequest ? s.setupRequest({ path: s.path }).path : s.path;
    const [a, b] = await Promise.all([request('GET', app.url + path), request('GET', baseline.url + path)]);
    if (a.status !== 200 || b.status !== 200) problems.push(`${s.name}: status app ${a.status}, baseline ${b.status}`);
    else if (a.text !== b.text)
      problems.push(`${s.name}: bodies differ\n   app:      ${a.text.slice(0, 300)}\n   baseline: ${b.text.slice(0, 300)}`);
  }
  return problems;
}

// ---- output ------------------------------------------------------------------------------------
function table(results) {
  const head = ['scenario', 'app req/s', 'p50', 'p99', 'err', 'base req/s', 'p50', 'p99', 'err', 'app/base'];
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    r.app.rps,
    `${r.app.p50}ms`,
    `${r.app.p99}ms`,
    r.app.errors,
    r.baseline.rps,
    `${r.baseline.p50}ms`,
    `${r.baseline.p99}ms`,
    r.baseline.errors,
    r.ratio.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

let loadAtStart;

// ---- main --------------------------------------------------------------------------------------
async function main() {
  await snapshotBuild();
  const appSql = readAppSql();
  const sqlDrift = checkBaselineSql(appSql);
  if (APP_DIR !== ROOT) log(`app build: ${APP_DIR}`);
  log(
    `benchmark: ${POSTS.toLocaleString('en')} posts, ${DURATION} s per scenario and server (warm-up ${WARMUP} s), ${CONNECTIONS} connections, pool ${POOL_SIZE}`,
  );
  const [load1] = os.loadavg();
  loadAtStart = load1;
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

  // 1. database
  admin = await connect(ADMIN_URL);
  await admin.query(`CREATE DATABASE "${DB_NAME}"`);
  databaseCreated = true;
  log(`database ${DB_NAME}`);
  const baseEnv = { ...process.env, DATABASE_URL: BENCH_URL, SENTRY_DSN: '', REDIS_URL: '', LOG_LEVEL: 'warn' };
  let t = Date.now();
  await runNode([path.join(snapshotDir, MIGRATE_CLI)], { ...baseEnv, NODE_ENV: 'production', BETTER_AUTH_SECRET: AUTH_SECRET }, 'migrate');
  log(`migrated in ${Date.now() - t} ms; seeding…`);
  const db = await connect(BENCH_URL);
  t = Date.now();
  await seed(db, { posts: POSTS, log });
  log(`seeded in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  // 2. the app: cold start to /health/ready
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const appEnv = {
    ...baseEnv,
    NODE_ENV: 'production',
    PORT: String(appPort),
    BETTER_AUTH_SECRET: AUTH_SECRET,
    BETTER_AUTH_URL: appUrl,
    TRUSTED_ORIGINS: '',
    RATE_LIMIT_ENABLED: 'false',
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    DATABASE_MIGRATE: 'true',
    SHUTDOWN_TIMEOUT_MS: '3000',
  };
  const spawnedAt = performance.now();
  const appProcess = startServer('app', ['--import', path.join(HERE, 'loopback.mjs'), path.join(snapshotDir, 'dist/main.js')], appEnv);
  const startupMs = Math.round(await waitFor200(`${appUrl}/health/ready`, appProcess, spawnedAt));
  log(`app ready in ${startupMs} ms (spawn → first 200 on /health/ready), pid ${appProcess.pid}`);

  // A real user through the app, for the bearer-authenticated writes.
  const email = `bench-${Date.now()}@bench.invalid`;
  const signUp = await request('POST', `${appUrl}/api/auth/sign-up/email`, {
    headers: { origin: appUrl },
    body: { email, password: randomBytes(12).toString('base64url'), name: 'Bench User' },
  });
  if (signUp.status !== 200 || !signUp.json?.user?.id) throw new Error(`sign-up failed: ${signUp.status} ${signUp.text.slice(0, 500)}`);
  const userId = signUp.json.user.id;
  const token = signUp.headers['set-auth-token'] ?? signUp.json.token;
  if (!/^[0-9a-f-]{36}$/i.test(userId) || !token) throw new Error(`unexpected sign-up answer: ${signUp.text.slice(0, 500)}`);
  await seedAuthorPosts(db, { authorId: userId, count: OWN_POSTS });
  t = Date.now();
  // The seed commits asynchronously, and VACUUM marks a page all-visible only when its rows'
  // commits are on disk (it needs their hint bits): without this, a third of the feed was
  // left to heap fetches that a production table, long vacuumed, does not pay. A
  // synchronous commit of a transaction with an xid flushes the WAL up to it.
  await db.query('SET synchronous_commit = on');
  await db.query('SELECT txid_current()');
  await db.query('VACUUM (ANALYZE) users, posts, post_history');
  log(`signed up ${email}; ${OWN_POSTS} posts of theirs; VACUUM ANALYZE in ${Date.now() - t} ms`);

  // Fixtures
  const feed = 'published AND deleted_at IS NULL';
  const published = Number((await db.query(`SELECT count(*) FROM posts WHERE ${feed}`)).rows[0].count);
  // The 50,000th row of the feed; on a feed too short for a full page after it, the middle row.
  const deepRow = published >= 50_000 + 21 ? 50_000 : Math.max(1, Math.floor(published / 2));
  const deep = (
    await db.query(`SELECT created_at, id FROM posts WHERE ${feed} ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`, [deepRow - 1])
  ).rows[0];
  const fixtures = {
    token,
    userId,
    published,
    deepRow,
    deepCursor: encodeCursor({ createdAt: deep.created_at, id: deep.id }),
    deepAfter: { createdAt: deep.created_at, id: deep.id },
    page: published >= 2500 * 20 ? 2500 : Math.max(1, Math.floor(published / 40)),
    ids: (await db.query(`SELECT id FROM posts WHERE ${feed} ORDER BY md5(id::text) LIMIT 1000`)).rows.map((r) => r.id),
    ownIds: (await db.query('SELECT id FROM posts WHERE author_id = $1 AND deleted_at IS NULL ORDER BY created_at', [userId])).rows.map(
      (r) => r.id,
    ),
    selectiveMatches: Number(
      (
        await db.query(`SELECT count(*) FROM posts WHERE ${feed} AND search_vector @@ websearch_to_tsquery('english', $1)`, [
          SELECTIVE_TERM,
        ])
      ).rows[0].count,
    ),
    commonMatches: Number(
      (await db.query(`SELECT count(*) FROM posts WHERE ${feed} AND search_vector @@ websearch_to_tsquery('english', $1)`, [COMMON_TERM]))
        .rows[0].count,
    ),
  };
  log(
    `feed: ${published.toLocaleString('en')} published live posts; '${COMMON_TERM}' in ${fixtures.commonMatches.toLocaleString('en')}, '${SELECTIVE_TERM}' in ${fixtures.selectiveMatches}`,
  );

  // 3. the baseline
  const basePort = await freePort();
  const baseProcess = startServer('baseline', [path.join(HERE, 'baseline.mjs')], {
    ...process.env,
    DATABASE_URL: BENCH_URL,
    PORT: String(basePort),
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    BETTER_AUTH_SECRET: AUTH_SECRET,
  });
  const baseline = { name: 'baseline', url: `http://127.0.0.1:${basePort}`, process: baseProcess };
  const app = { name: 'app', url: appUrl, process: appProcess };
  await waitFor200(`${baseline.url}/health/ready`, baseProcess, performance.now());

  const scenarios = buildScenarios(fixtures);
  const mismatches = await compareAnswers(app, baseline, scenarios);
  for (const m of mismatches) warn(`!! answers differ: ${m}`);

  // 4. load, alternating which server goes first
  const results = {};
  log('');
  for (const [i, scenario] of scenarios.entries()) {
    const order = i % 2 === 0 ? [app, baseline] : [baseline, app];
    const measured = {};
    for (const target of order) {
      if (WARMUP > 0) await load(target, scenario, WARMUP);
      measured[target.name] = await load(target, scenario, DURATION);
      // Requests autocannon abandoned at the deadline keep their queries running in PostgreSQL
      // (node-postgres' query_timeout does not cancel them): let them finish, or cancel them,
      // so the next run starts on an idle database.
      const cancelled = await drain(db);
      if (cancelled)
        warn(
          `!! ${scenario.name}/${target.name}: cancelled ${cancelled} queries still running ${DRAIN_MS / 1000} s after the run (and later ones of its queued requests)`,
        );
      measured[target.name].cancelledQueries = cancelled;
      if (target.process.exitCode !== null)
        throw new Error(`${target.name} died during ${scenario.name}:\n${target.process.tail.join('\n')}`);
    }
    const ratio = measured.baseline.rps ? measured.app.rps / measured.baseline.rps : 0;
    results[scenario.name] = { app: measured.app, baseline: measured.baseline, ratio, note: scenario.note };
    const fmt = (r) =>
      `${String(r.rps).padStart(6)} req/s p50 ${r.p50} ms p99 ${r.p99} ms${r.errors ? ` ERRORS ${r.errors} ${JSON.stringify(r.statuses)}` : ''}${r.requests ? '' : ' NOTHING COMPLETED'}`;
    log(
      `${scenario.name.padEnd(22)} app ${fmt(measured.app)} | baseline ${fmt(measured.baseline)} | ${ratio.toFixed(2)}${scenario.note ? `  (${scenario.note})` : ''}`,
    );
  }
  // The search burst is the app's alone (the baseline has no limits to hold): the attack as
  // it was sent, then the most expensive search still allowed.
  const bursts = {};
  if (!ONLY || ONLY.has('search_burst')) {
    log('');
    for (const [name, path] of [
      ['search_burst_attack', ATTACK_SEARCH],
      ['search_burst', undefined],
    ]) {
      // Warmed up as every other scenario is: a cold first burst measures the JIT, not the limits.
      if (WARMUP > 0) await searchBurst({ url: appUrl, ids: fixtures.ids, duration: WARMUP, path });
      await drain(db);
      bursts[name] = await searchBurst({ url: appUrl, ids: fixtures.ids, duration: DURATION, path });
      await drain(db);
      log(describeBurst(name, bursts[name]));
    }
  }
  const rssMb = peakRssMb(appProcess.pid);
  const baselineRssMb = peakRssMb(baseProcess.pid);

  if (EXPLAIN) await explain(db, appSql, fixtures);
  await db.end();

  // 5. report
  log('');
  log(table(results));
  log('');
  log(`app peak RSS (VmHWM): ${rssMb} MB (baseline ${baselineRssMb} MB); app cold start to /health/ready: ${startupMs} ms`);
  const failed = Object.entries(results).filter(([, r]) => r.app.errors || r.baseline.errors || !r.app.requests || !r.baseline.requests);
  const failedBursts = Object.entries(bursts).filter(([, r]) => !r.ok);
  for (const [name] of failedBursts) warn(`!! ${name}: the other clients were not served as they must be (see above)`);
  if (failed.length) {
    warn('');
    warn('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
    for (const [name, r] of failed) {
      const describe = (x) =>
        `${x.errors} errors ${JSON.stringify(x.statuses)}${x.requests ? '' : `, NO REQUEST COMPLETED within ${DURATION} s`}${x.cancelledQueries ? `, ${x.cancelledQueries} queries cancelled after the run` : ''}`;
      warn(`!! ${name}: app ${describe(r.app)}; baseline ${describe(r.baseline)}`);
    }
    warn('!! THIS RUN HAD ERRORS: its numbers are not comparable');
    warn('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  }
  if (mismatches.length || sqlDrift.length) warn('!! the baseline does not mirror the app exactly (see above)');

  if (ARGS.json) {
    const scenariosJson = Object.fromEntries(
      Object.entries(results).map(([name, r]) => [
        name,
        {
          app: { rps: r.app.rps, p50: r.app.p50, p99: r.app.p99, errors: r.app.errors },
          baseline: { rps: r.baseline.rps, p50: r.baseline.p50, p99: r.baseline.p99, errors: r.baseline.errors },
          ratio: Math.round(r.ratio * 1000) / 1000,
        },
      ]),
    );
    const report = {
      scenarios: scenariosJson,
      bursts,
      rssMb,
      startupMs,
      config: {
        posts: POSTS,
        durationS: DURATION,
        warmupS: WARMUP,
        connections: CONNECTIONS,
        poolSize: POOL_SIZE,
        pinned: !!PIN,
        node: process.version,
        loadAverageAtStart: loadAtStart,
      },
    };
    writeFileSync(path.resolve(process.cwd(), ARGS.json), `${JSON.stringify(report, null, 2)}\n`);
    log(`wrote ${ARGS.json}`);
  }
  return failed.length || failedBursts.length ? 2 : 0;
}

async function explain(db, appSql, fixtures) {
  const plans = [
    ['list_first_page', appSql.listFirst.sql, [21]],
    ['list_keyset_deep', appSql.listKeyset.sql, [fixtures.deepAfter.createdAt.toISOString(), fixtures.deepAfter.id, 21]],
    ['get_by_id', appSql.findById.sql, [fixtures.ids[1], 1]],
    ['search_selective (recent window)', appSql.searchRecent.sql, [SEARCH_WINDOW, SELECTIVE_TERM, 21]],
    ['search_selective (GIN matches)', appSql.searchMatches.sql, [SELECTIVE_TERM, 21]],
    ['search_common (recent window)', appSql.searchRecent.sql, [SEARCH_WINDOW, COMMON_TERM, 21]],
    ['list_offset_page2500', appSql.listOffset.sql, [21, (fixtures.page - 1) * 20]],
  ];
  for (const [name, text, params] of plans) {
    // Twice: the first run warms the cache, the second is the steady state the load saw.
    await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
    log(`\n== ${name}: ${text.replace(/^select .*? from/, 'select … from')}  -- ${JSON.stringify(params)}`);
    for (const row of rows) log(`   ${row['QUERY PLAN']}`);
  }
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
