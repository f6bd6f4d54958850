// The migration benchmark's databases (one seeded, copied for each run), how each run migrates, and its seed of keys.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { ADMIN_URL, AUTH_SECRET, log } from '../config.mjs';

// What drizzle-kit generates for the same change, run as Drizzle's migrator runs a file: in one transaction.
export const NAIVE = [
  'ALTER TABLE "idempotency_keys" ADD COLUMN "expires_at" timestamp (3) with time zone',
  `UPDATE "idempotency_keys" SET "expires_at" = "created_at" + interval '24 hours'`,
  `ALTER TABLE "idempotency_keys" ALTER COLUMN "expires_at" SET DEFAULT (now() + interval '24 hours')`,
  'ALTER TABLE "idempotency_keys" ALTER COLUMN "expires_at" SET NOT NULL',
  'CREATE INDEX "idempotency_keys_expires_at_idx" ON "idempotency_keys" USING btree ("expires_at")',
];

const withDatabase = (url, name) => Object.assign(new URL(url), { pathname: `/${name}` }).toString();

async function connect(url) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}

/** Creates `seed`; copies of it come from copy(); dropAll() drops every one (also on Ctrl-C). */
export async function createDatabases() {
  const stamp = `benchmig_${Date.now()}`;
  const admin = await connect(ADMIN_URL);
  const created = [];
  // PostgreSQL 15 copies a template through the WAL by default: gigabytes of it, flushed during the first run.
  const fileCopy = Number((await admin.query('SHOW server_version_num')).rows[0].server_version_num) >= 150000 ? ' STRATEGY FILE_COPY' : '';
  const create = async (name, template) => {
    await admin.query(`CREATE DATABASE "${stamp}_${name}"${template ? ` TEMPLATE "${stamp}_${template}"${fileCopy}` : ''}`);
    created.push(`${stamp}_${name}`);
  };
  let dropping;
  const dropAll = () =>
    (dropping ??= (async () => {
      for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    })());
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void dropAll().finally(() => process.exit(130)));
  await create('seed');
  return {
    url: (name) => withDatabase(ADMIN_URL, `${stamp}_${name}`),
    client: (name) => connect(withDatabase(ADMIN_URL, `${stamp}_${name}`)),
    copy: async (from, names) => {
      for (const name of names) await create(name, from);
    },
    dropAll,
    // Each run starts with nothing left to write from the one before: PostgreSQL's dirty buffers
    // (CHECKPOINT, superuser only), then the kernel's (the copies' files, gigabytes at 1M posts).
    checkpoint: async () => {
      await admin.query('CHECKPOINT').catch(() => undefined);
      spawnSync('sync');
    },
  };
}

/** `build`'s db:migrate on `url`; the duration it logs for the migrations it applied. */
export function migrateWithCli(build, url) {
  const env = {
    ...process.env,
    ...{ DATABASE_URL: url, NODE_ENV: 'production', BETTER_AUTH_SECRET: AUTH_SECRET, DATABASE_BACKUP_BEFORE_MIGRATE: 'false' },
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(build, 'dist', 'app', 'migrate.cli.js')], { cwd: build, env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`db:migrate exited ${code}:\n${output.slice(-3000)}`));
      const applied = /Applied \d+ of \d+ migrations on \w+ in (\d+) ms/.exec(output);
      resolve(applied ? Number(applied[1]) : undefined);
    });
  });
}

/** The naive migration, in one transaction; its duration is measured by the caller. */
export async function runNaive(url) {
  const client = await connect(url);
  try {
    await client.query('BEGIN');
    for (const statement of NAIVE) await client.query(statement);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
  return undefined;
}

/** One Idempotency-Key record per post, as when every create carried a key, stored within the last day. */
export async function seedKeys(db) {
  const t = Date.now();
  await db.query('SET session_replication_role = replica');
  const { rowCount } = await db.query(`
    INSERT INTO idempotency_keys (user_id, key, fingerprint, status, headers, body, created_at)
    SELECT author_id, 'seed-' || id, md5(id::text), 201,
           jsonb_build_object('etag', '"1"', 'location', '/api/posts/' || id),
           jsonb_build_object('id', id, 'title', title, 'content', content, 'published', published, 'authorId', author_id,
                              'createdAt', created_at, 'updatedAt', updated_at),
           now() - random() * interval '23 hours'
    FROM posts`);
  await db.query('SET session_replication_role = DEFAULT');
  log(`  ${rowCount.toLocaleString('en')} Idempotency-Key records in ${Date.now() - t} ms`);
}
