import { type Placeholder, sql } from 'drizzle-orm';
import type { Database } from './database.constants';

/** What Drizzle's query builders return from `.prepare(name)`. */
export interface Prepared<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

// Keyed by Drizzle's session object: one per pool, one per transaction.
const statementsBySession = new WeakMap<object, Map<string, Prepared<unknown>>>();
// Sessions behind a transaction pooler: a named statement lives on one server connection,
// and the next transaction may get another one (PgBouncer 1.18 does not carry them over).
const unnamedSessions = new WeakSet<object>();

/**
 * From now on, statements `prepared()` on `db` keep their built query but are sent unnamed
 * (parsed on each execution), as a transaction pooler needs.
 */
export function withoutStatementNames<D extends Database>(db: D): D {
  unnamedSessions.add(db._.session as object);
  return db;
}

/**
 * The statement `name` on `db`, built by `build` once per database session and prepared,
 * so no query is built per request. `name` is also the statement's name on the server:
 * one name, one SQL text. On PostgreSQL a transaction runs on a pooled connection, so the
 * next transaction there reuses what an earlier one prepared; PGlite gives each transaction
 * a session of its own. Behind a transaction pooler ({@link withoutStatementNames}) the name is
 * not sent. Relies on `db._.session`, a Drizzle internal (tested by every e2e run).
 */
export function prepared<R>(db: Database, name: string, build: () => { prepare(name: string): Prepared<R> }): Prepared<R> {
  const session = db._.session as object;
  let statements = statementsBySession.get(session);
  if (!statements) statementsBySession.set(session, (statements = new Map()));
  let statement = statements.get(name) as Prepared<R> | undefined;
  // '' is node-postgres' unnamed statement.
  if (!statement) statements.set(name, (statement = build().prepare(unnamedSessions.has(session) ? '' : name)));
  return statement;
}

/**
 * How a query takes its values: inline (a one-off query) or as named placeholders
 * (a prepared statement, given the values on each execution).
 */
export type Bind = <T>(name: string, value: T) => T | Placeholder;
export const byValue: Bind = (_name, value) => value;
export const byPlaceholder: Bind = (name) => sql.placeholder(name);
