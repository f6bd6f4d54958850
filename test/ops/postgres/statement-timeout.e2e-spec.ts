import { Client } from 'pg';
import { expectProblem } from '../../support/problem';
import { createTestApp, type TestApp } from '../../support/test-app';
import { isolatedDatabase, requirePostgresServer, type IsolatedDatabase } from '../../support/test-database';

// PostgreSQL only (DATABASE_URL): statement timeouts and a pool that requests can fill
// are PostgreSQL's; PGlite has one connection and no timeout.
describe('slow queries on a PostgreSQL pool', () => {
  let database: IsolatedDatabase;
  let t: TestApp;
  let blocker: Client;

  beforeAll(async () => {
    database = await isolatedDatabase(requirePostgresServer());
    // Behind a transaction pooler, reads outside a transaction get the server's timeout: set as the README says.
    if (database.options.pooler === 'transaction') await setServerTimeout(database.options.directUrl!, 300);
    t = await createTestApp({ database: { ...database.options, poolSize: 2, queryTimeoutMs: 300 } });
    blocker = new Client({ connectionString: database.options.url });
    await blocker.connect();
  });
  afterAll(async () => {
    await blocker?.end();
    await t?.close();
    await database?.drop();
  });

  it('answers 503 problems when reads take too long, keeps readiness at 200 while the pool is busy, and recovers', async () => {
    // Another session holds posts: every read of the feed waits on it, as on a slow query.
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE posts IN ACCESS EXCLUSIVE MODE');
    try {
      const reads = Array.from({ length: 10 }, () => t.http().get('/api/posts').timeout(10_000));
      // Both pooled connections are taken, and the queue behind them outlasts the probe's 1 s; the probe has its own.
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect((await t.http().get('/health/ready').timeout(5_000)).status).toBe(200);
      for (const response of await Promise.all(reads)) {
        expectProblem(response, 503, '/api/posts');
        expect(response.body.detail).toBe('The database took too long to answer; try again shortly');
      }
    } finally {
      await blocker.query('ROLLBACK');
    }
    expect((await t.http().get('/api/posts')).status).toBe(200);
    expect(t.connection.poolStats?.()).toMatchObject({ waiting: 0 });
  });
});

async function setServerTimeout(url: string, ms: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`ALTER DATABASE "${new URL(url).pathname.slice(1)}" SET statement_timeout = ${ms}`);
  } finally {
    await client.end();
  }
}
