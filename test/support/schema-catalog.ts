import { spawnSync } from 'node:child_process';
import type { Query } from './empty-database';

// Everything a migration can change in schema public, read from the catalog (PGlite has no pg_dump).
const CATALOG = `
  select json_build_object(
    'columns', (select json_agg(c order by c::text) from (
      -- The column's place among the table's live columns: a dropped column leaves a hole in ordinal_position.
      select table_name, column_name, rank() over (partition by table_name order by ordinal_position) as position, data_type, udt_name, character_maximum_length, is_nullable, column_default,
             is_identity, identity_generation, is_generated, generation_expression
      from information_schema.columns where table_schema = 'public') c),
    'constraints', (select json_agg(c order by c::text) from (
      select conrelid::regclass::text as relation, conname, contype, pg_get_constraintdef(oid) as definition
      from pg_constraint where connamespace = 'public'::regnamespace) c),
    'indexes', (select json_agg(i order by i::text) from (
      select indexname, indexdef from pg_indexes where schemaname = 'public') i),
    'options', (select json_agg(o order by o::text) from (
      select relname, reloptions from pg_class where relnamespace = 'public'::regnamespace and reloptions is not null) o),
    'types', (select json_agg(t order by t::text) from (
      select t.typname, e.enumsortorder, e.enumlabel from pg_type t join pg_enum e on e.enumtypid = t.oid
      where t.typnamespace = 'public'::regnamespace) t),
    'sequences', (select json_agg(s order by s::text) from (
      select sequencename, data_type, start_value, increment_by from pg_sequences where schemaname = 'public') s)
  )::text as catalog`;

/** Schema public as the catalog describes it, for comparing two states of one database. */
export async function schemaCatalog({ query }: { query: Query }): Promise<unknown> {
  const [row] = await query(CATALOG);
  return JSON.parse(String(row.catalog));
}

/** Every row of every table in schema public, table by table, in a stable order. */
export async function allRows({ query }: { query: Query }): Promise<Record<string, unknown[]>> {
  const tables = await query(`select table_name from information_schema.tables where table_schema = 'public' order by 1`);
  if (tables.length === 0) return {};
  // One statement for all tables: each query outside a session opens PGlite's folder anew.
  const [result] = await query(
    `select json_build_object(${tables
      .map(({ table_name: table }) => `'${String(table)}', (select coalesce(json_agg(r order by r::text), '[]') from "${String(table)}" r)`)
      .join(', ')})::text as rows`,
  );
  const rows = JSON.parse(String(result.rows)) as Record<string, unknown[]>;
  return rows;
}

/** `pg_dump --schema-only` of schema public (PostgreSQL only), our own records left out. */
export function schemaDump(url: string): string {
  const run = spawnSync('pg_dump', ['--schema-only', '--no-owner', '--exclude-schema=drizzle', url], { encoding: 'utf8' });
  if (run.error || run.status !== 0) throw new Error(`pg_dump failed: ${run.error?.message ?? run.stderr}`);
  // pg_dump 15.14 and later fence the script with a random \restrict key: not part of the schema.
  return run.stdout.replace(/^\\(un)?restrict .*$/gm, '');
}
