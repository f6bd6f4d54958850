import { spawn } from 'node:child_process';
import { Client } from 'pg';

/** pg_dump and pg_restore: which, and why it failed, in words an operator can act on. */
export class BackupToolError extends Error {}

/** `pg_dump -Fc` of the whole database to `path`, after checking pg_dump can read this server. */
export async function pgDump(url: string, path: string): Promise<void> {
  await assertClientCanServe('pg_dump', url);
  await run('pg_dump', ['--format=custom', '--no-owner', `--file=${path}`, `--dbname=${url}`]);
}

/**
 * Restores a `pg_dump -Fc` file in one transaction (a failure leaves the database as it was).
 * The database must be empty: a non-empty one is cleared by the caller, after a backup of its own.
 */
export async function pgRestore(url: string, path: string): Promise<void> {
  await assertClientCanServe('pg_restore', url);
  await run('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', `--dbname=${url}`, path]);
}

/** Tables outside the system schemas: a database with none is empty. */
export async function postgresTableCount(url: string): Promise<number> {
  return withClient(url, async (client) => {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'`,
    );
    return rows[0].n;
  });
}

/** Drops schema public (recreated empty) and our migration records, in one transaction. */
export async function clearPostgres(url: string): Promise<void> {
  await withClient(url, (client) =>
    client.query('begin; drop schema if exists drizzle cascade; drop schema public cascade; create schema public; commit'),
  );
}

// A client older than the server cannot dump it (pg_dump refuses), so say so before starting.
async function assertClientCanServe(tool: 'pg_dump' | 'pg_restore', url: string): Promise<void> {
  const version = await run(tool, ['--version']);
  const client = Number(/\(PostgreSQL\) (\d+)/.exec(version)?.[1]);
  const server = await withClient(url, async (c) => {
    const { rows } = await c.query<{ major: number }>(`select current_setting('server_version_num')::int / 10000 as major`);
    return rows[0].major;
  });
  if (!(client >= server)) {
    throw new BackupToolError(
      `${tool} ${client || `(${version.trim()})`} is older than the PostgreSQL ${server} server: install postgresql-client-${server} (or set DATABASE_BACKUP_BEFORE_MIGRATE=false to migrate without a backup)`,
    );
  }
}

function run(tool: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new BackupToolError(`${tool} is not installed: install the PostgreSQL client tools (apt-get install postgresql-client)`)
          : error,
      ),
    );
    child.on('close', (code) =>
      code === 0 ? resolve(stdout) : reject(new BackupToolError(`${tool} failed (exit ${code}): ${stderr.trim()}`)),
    );
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
