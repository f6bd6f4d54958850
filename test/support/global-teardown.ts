import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { SNAPSHOT_ENV, TEMPLATE_ENV, adminQuery, postgresUrl } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const url = postgresUrl();
  const template = process.env[TEMPLATE_ENV];
  if (url && template) await adminQuery(url, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
  const snapshot = process.env[SNAPSHOT_ENV];
  if (snapshot) rmSync(dirname(snapshot), { recursive: true, force: true });
}
