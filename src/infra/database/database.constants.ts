import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema';

/** Injection token of the Drizzle client. */
export const DRIZZLE = Symbol('DRIZZLE');
/** Injection token of the open connection (driver, ping, close). */
export const DATABASE_CONNECTION = Symbol('DATABASE_CONNECTION');

/** The typed Drizzle client: the same type on PGlite and node-postgres. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
