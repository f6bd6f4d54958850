import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/** Injection token of the Drizzle client. */
export const DRIZZLE = Symbol('DRIZZLE');
/** Injection token of the open connection (driver, ping, close). */
export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');

/** What `execute()` answers on both drivers (node-postgres' QueryResult, PGlite's Results): the rows, typed. */
export interface RowsResultHKT extends PgQueryResultHKT {
  type: QueryRows<this['row']>;
}

export interface QueryRows<T> {
  rows: T[];
}

/**
 * The typed Drizzle client: the same type on PGlite and node-postgres.
 * `(await db.execute<{ n: number }>(sql\`select 1 as n\`)).rows` is `{ n: number }[]`.
 */
export type Database = PgDatabase<RowsResultHKT, typeof schema>;
