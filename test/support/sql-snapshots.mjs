// Reads the repositories' SQL from queries/*.sql (written by `npm run sql:generate`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const QUERIES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'queries');

/** The statements of one snapshot, by name (e.g. `PostsRepository.page (a search) [1]`). */
export function readSqlSnapshot(name) {
  const queries = new Map();
  for (const block of readFileSync(path.join(QUERIES, `${name}.sql`), 'utf8').split(/\n\n/)) {
    const match = /^-- (.+)\n-- params: (.*)\n([\s\S]+?)\n?$/.exec(block);
    if (match) queries.set(match[1], { sql: match[3], params: JSON.parse(match[2]) });
  }
  return queries;
}

/** The query `name` of the snapshot, its example parameters swapped through `values` (example → value). */
export function snapshotQuery(snapshot, name, values = new Map()) {
  const query = readSqlSnapshot(snapshot).get(name);
  if (!query) throw new Error(`queries/${snapshot}.sql has no query named ${name}: run npm run sql:generate`);
  return { sql: query.sql, params: query.params.map((param) => (values.has(param) ? values.get(param) : param)) };
}
