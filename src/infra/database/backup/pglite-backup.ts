import type { PGlite } from '@electric-sql/pglite';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** PGlite's own dump of its data dir (a gzipped tarball), written to `path`. */
export async function dumpPglite(client: PGlite, path: string): Promise<void> {
  const dump = await client.dumpDataDir('gzip');
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()));
}

/** True when `dataDir` holds a database cluster already. */
export function pgliteDataDirInUse(dataDir: string): boolean {
  return existsSync(dataDir) && readdirSync(dataDir).length > 0;
}

/** Tables in the cluster at `dataDir` (outside the system schemas). */
export async function pgliteTableCount(dataDir: string): Promise<number> {
  const client = new (loadPglite())(dataDir);
  try {
    const { rows } = await client.query<{ n: number }>(
      `select count(*)::int as n from pg_tables where schemaname not in ('pg_catalog', 'information_schema')`,
    );
    return rows[0].n;
  } finally {
    await client.close();
  }
}

/**
 * Loads `path` into `dataDir`, which must be empty or absent; a folder in use is first moved
 * aside (returned), never deleted.
 */
export async function restorePglite(dataDir: string, path: string): Promise<string | undefined> {
  let movedTo: string | undefined;
  if (pgliteDataDirInUse(dataDir)) {
    movedTo = `${dataDir}.before-restore-${new Date()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z')
      .replace(/:/g, '-')}`;
    renameSync(dataDir, movedTo);
  }
  const client = new (loadPglite())({ dataDir, loadDataDir: new Blob([readFileSync(path)]) });
  await client.waitReady;
  await client.close();
  return movedTo;
}

// Loaded on demand, as in PgliteConnection: an app on PostgreSQL never loads it.
function loadPglite(): typeof PGlite {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('@electric-sql/pglite') as typeof import('@electric-sql/pglite')).PGlite;
}
