import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migratePglite } from '../../src/database/migrations';
import { openDatabase } from '../../src/database/database.connection';
import { SNAPSHOT_ENV, TEMPLATE_ENV, adminQuery, postgresUrl, withDatabase } from './test-database';

// Migrates once per run; every test file then starts from a copy (see test-database.ts).
export default async function globalSetup(): Promise<void> {
  const url = postgresUrl();
  if (url) {
    const template = `posts_template_${process.pid}`;
    await adminQuery(url, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await adminQuery(url, `CREATE DATABASE "${template}"`);
    const connection = await openDatabase({ url: withDatabase(url, template), poolSize: 2 });
    await connection.close();
    process.env[TEMPLATE_ENV] = template;
    return;
  }
  const client = new PGlite();
  await migratePglite(drizzle({ client }));
  const dump = await client.dumpDataDir('none');
  await client.close();
  const file = join(mkdtempSync(join(tmpdir(), 'posts-pglite-')), 'migrated.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  process.env[SNAPSHOT_ENV] = file;
}
