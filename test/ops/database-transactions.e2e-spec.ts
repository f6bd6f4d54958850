import { eq, sql } from 'drizzle-orm';
import type { DatabaseConnection } from '../../src/infra/database/database.connection';
import type { DatabaseModuleOptions } from '../../src/infra/database/database.options';
import { openDatabase } from '../../src/infra/database/open-database';
import { users } from '../../src/infra/database/schema';
import type { PostgresServer } from '../../src/testing';
import { isolatedDatabase, type IsolatedDatabase, postgresServer } from '../support/test-database';

// Every driver's transaction() keeps the same promises, checked the same way: PGlite always,
// PostgreSQL (direct BEGIN/COMMIT, and Drizzle's transaction()) in the PostgreSQL pass.
const drivers: [string, PostgresServer | undefined, Partial<DatabaseModuleOptions>][] = [
  ['PGlite', undefined, {}],
  ...(postgresServer()
    ? ([
        ['PostgreSQL, direct transactions', postgresServer(), { directTransactions: true }],
        ["PostgreSQL, Drizzle's transactions", postgresServer(), { directTransactions: false }],
      ] as [string, PostgresServer, Partial<DatabaseModuleOptions>][])
    : []),
];

describe.each(drivers)('transactions on %s', (_name, serverUrl, options) => {
  let database: IsolatedDatabase;
  let connection: DatabaseConnection;

  beforeAll(async () => {
    // '' rather than undefined: no server, so PGlite, whatever DATABASE_URL says.
    database = await isolatedDatabase(serverUrl ?? '');
    connection = await openDatabase({ ...database.options, ...options, migrate: false, poolSize: 4 });
  });
  afterAll(async () => {
    await connection?.close();
    await database?.drop();
  });

  const named = async (name: string) => connection.db.select({ id: users.id }).from(users).where(eq(users.name, name));
  const insertUser = (tx: typeof connection.db, name: string) =>
    tx
      .insert(users)
      .values({ name, email: `${name}@example.com` })
      .returning({ id: users.id });

  it("commits the work's writes and answers its result", async () => {
    const [row] = await connection.transaction((tx) => insertUser(tx, 'committed'));
    expect(await named('committed')).toEqual([{ id: row!.id }]);
  });

  it("rolls back when the work throws, and passes on the work's own error", async () => {
    const refusal = new Error('refused by a rule');
    await expect(
      connection.transaction(async (tx) => {
        await insertUser(tx, 'rolled-back');
        throw refusal;
      }),
    ).rejects.toBe(refusal);
    expect(await named('rolled-back')).toEqual([]);
  });

  it('rolls back a work whose statement fails, and the next transaction runs normally', async () => {
    await expect(connection.transaction((tx) => tx.execute(sql`select 1 / 0`))).rejects.toThrow(/Failed query: select 1 \/ 0/);
    const [row] = await connection.transaction((tx) => insertUser(tx, 'after-failure'));
    expect(await named('after-failure')).toEqual([{ id: row!.id }]);
  });

  it("keeps concurrent transactions apart: one's rollback leaves the other's commit", async () => {
    const results = await Promise.allSettled([
      connection.transaction(async (tx) => {
        await insertUser(tx, 'concurrent-a');
        throw new Error('a fails');
      }),
      connection.transaction((tx) => insertUser(tx, 'concurrent-b')),
    ]);
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled']);
    expect(await named('concurrent-a')).toEqual([]);
    expect(await named('concurrent-b')).toHaveLength(1);
  });
});
