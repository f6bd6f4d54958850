import { Logger } from '@nestjs/common';
import { sql } from 'drizzle-orm';
import type { AnyPgDatabase } from './migration-records';

const logger = new Logger('Database');

/** A migration whose first line is this runs statement by statement outside a transaction (CREATE INDEX CONCURRENTLY). */
export const OUTSIDE_TRANSACTION_MARKER = '-- migrate: outside-transaction';

export function runsOutsideTransaction(statements: string[]): boolean {
  return (statements[0] ?? '').trimStart().split('\n', 1)[0].trim() === OUTSIDE_TRANSACTION_MARKER;
}

// CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT EXISTS] "name": the index a failed try leaves INVALID.
const CONCURRENT_INDEX = /create\s+(?:unique\s+)?index\s+concurrently\s+(?:if\s+not\s+exists\s+)?"?([\w$]+)"?/i;

/**
 * Runs `statements` one at a time, each committed on its own, then `record`s the migration. A
 * failure says how far it got; an index a failed concurrent build left INVALID is dropped
 * before the next try builds it again (its statements must be safe to run twice: IF NOT EXISTS).
 */
export async function applyOutsideTransaction(
  db: AnyPgDatabase,
  tag: string,
  statements: string[],
  record: () => Promise<void>,
): Promise<void> {
  for (const [index, statement] of statements.entries()) {
    const built = CONCURRENT_INDEX.exec(statement)?.[1];
    if (built) await dropInvalidIndex(db, built, tag);
    try {
      await simpleQuery(db, statement);
    } catch (error) {
      const invalid = built && (await isInvalidIndex(db, built)) ? `; index ${built} is left INVALID, and the next try drops it first` : '';
      const message = `${tag} failed at statement ${index + 1} of ${statements.length}, outside a transaction: the ${index} before it stay applied${invalid}`;
      throw new Error(`${message}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  await record();
}

async function dropInvalidIndex(db: AnyPgDatabase, name: string, tag: string): Promise<void> {
  if (!(await isInvalidIndex(db, name))) return;
  logger.warn(`${tag}: dropping index ${name}, left INVALID by a try that failed, to build it again`);
  await db.execute(sql`drop index concurrently if exists ${sql.identifier(name)}`);
}

async function isInvalidIndex(db: AnyPgDatabase, name: string): Promise<boolean> {
  const { rows } = await db.execute<{ invalid: boolean }>(
    sql`select not indisvalid as invalid from pg_index where indexrelid = to_regclass(${`"${name}"`})`,
  );
  return rows[0]?.invalid === true;
}

// The simple query protocol, where a DO block may COMMIT between batches (PGlite's query() uses
// the extended one, which refuses that); node-postgres sends a query without values as a simple one.
async function simpleQuery(db: AnyPgDatabase, statement: string): Promise<void> {
  const client = (db as unknown as { $client: { exec?: (text: string) => Promise<unknown>; query: (text: string) => Promise<unknown> } })
    .$client;
  await (client.exec ? client.exec(statement) : client.query(statement));
}
