import { sql, type Query } from 'drizzle-orm';
import type { Pool } from 'pg';
import type { Database } from '../../src/infra/database/database.constants';
import { Example } from '../../src/infra/database/generate-sql';
import { type PostFilter, type PostRecord, PostsRepository, type PostSlice } from '../../src/posts/posts.repository';
import { snapshotQuery } from '../support/sql-snapshots.mjs';
import { createTestApp, type TestApp } from '../support/test-app';

// The app's own hot queries, read from queries/posts.repository.sql, explained on a table big
// enough that the planner prefers an index wherever one fits: a missing or unusable
// index shows up here as a Seq Scan on posts, long before it shows up in production.

interface PlanNode {
  'Node Type': string;
  'Total Cost': number;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

/** pg's Pool and PGlite both answer `query(text, params)` with `{ rows }`. */
interface RawClient {
  query(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
}

const POSTS = 10_000;
const AUTHORS = 300;
const RARE = 'zephyr';
const COMMON = 'weather';
const FEED: PostFilter = { publishedOnly: true };
// What the service asks for a page of 20: one row more tells whether another follows.
const PAGE: PostSlice = { order: 'desc', limit: 21 };

/**
 * POSTS posts by AUTHORS users, in SQL: 90% published, 2% soft-deleted, created
 * over two years in an order unrelated to the rows' physical order, content from
 * a small vocabulary with RARE in 10 posts and COMMON in two thirds of them.
 */
async function seed(db: Database): Promise<void> {
  await db.execute(sql`
    INSERT INTO users (name, email)
    SELECT 'Author ' || n, 'author-' || n || '@example.com' FROM generate_series(1, ${AUTHORS}::int) n`);
  // 7919 is coprime with 10,000, so n * 7919 % 10,000 visits every slot of the two years once.
  await db.execute(sql`
    INSERT INTO posts (title, content, author_id, published, created_at, updated_at, deleted_at)
    SELECT 'Post ' || n,
           concat_ws(' ', words[1 + n % 8], words[1 + n / 8 % 8], words[1 + n / 64 % 8],
                     CASE WHEN n % 3 <> 0 THEN ${COMMON}::text END,
                     CASE WHEN n % 1000 = 7 THEN ${RARE}::text END),
           authors[1 + n / 10 % cardinality(authors)],
           n % 10 <> 0,
           at, at,
           CASE WHEN n % 50 = 1 THEN at + interval '1 day' END
    FROM (SELECT array_agg(id ORDER BY email) AS authors FROM users) a,
         (SELECT array['garden', 'river', 'coffee', 'winter', 'music', 'travel', 'bread', 'lantern'] AS words) w,
         generate_series(1, ${POSTS}::int) n,
         LATERAL (SELECT timestamptz '2023-01-01 00:00Z' + (n * 7919 % ${POSTS}::int) * interval '6307 seconds' AS at) t`);
  // ANALYZE, not VACUUM: the table right after a burst of inserts, before autovacuum came by.
  await db.execute(sql`ANALYZE`);
}

function* nodes(plan: PlanNode): Generator<PlanNode> {
  yield plan;
  for (const child of plan.Plans ?? []) yield* nodes(child);
}

/** Fails with the plan as text when any node reads posts sequentially. */
async function expectNoSeqScanOnPosts(client: RawClient, query: Query): Promise<void> {
  const plan = planOf((await client.query(`EXPLAIN (FORMAT JSON) ${query.sql}`, query.params)).rows);
  if (scansPosts(plan)) throw seqScanError('Seq Scan on posts', await client.query(`EXPLAIN ${query.sql}`, query.params), query);
}

/**
 * The same for the plan PostgreSQL may settle on for a prepared statement: after five
 * runs it keeps a generic plan, made without the parameters' values, when that plan
 * looks no dearer than the custom ones. Every query here runs as a prepared statement
 * in the app. A generic plan that scans posts passes only if it looks dearer than the
 * custom plan, so that PostgreSQL never picks it (the offset page's: not knowing the
 * LIMIT, it expects a tenth of the feed and hash-joins it).
 */
async function expectNoSeqScanOnPostsInGenericPlan(session: RawClient, query: Query): Promise<void> {
  const values = query.params.map(literal).join(', ');
  const execute = `EXECUTE plan_check${values ? `(${values})` : ''}`;
  await session.query(`PREPARE plan_check AS ${query.sql}`);
  try {
    const custom = planOf((await session.query(`EXPLAIN (FORMAT JSON) ${execute}`)).rows);
    await session.query('SET plan_cache_mode = force_generic_plan');
    const generic = planOf((await session.query(`EXPLAIN (FORMAT JSON) ${execute}`)).rows);
    if (!scansPosts(generic) || generic['Total Cost'] > custom['Total Cost']) return;
    const heading = `Seq Scan on posts in the generic plan (cost ${generic['Total Cost']}, custom plan ${custom['Total Cost']})`;
    throw seqScanError(heading, await session.query(`EXPLAIN ${execute}`), query);
  } finally {
    await session.query('RESET plan_cache_mode');
    await session.query('DEALLOCATE plan_check');
  }
}

function planOf(rows: Record<string, unknown>[]): PlanNode {
  const json = rows[0]!['QUERY PLAN'];
  return ((typeof json === 'string' ? JSON.parse(json) : json) as [{ Plan: PlanNode }])[0].Plan;
}

const scansPosts = (plan: PlanNode) =>
  [...nodes(plan)].some((node) => node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'posts');

/** The failure, with the plan as text and the query it is for. */
function seqScanError(heading: string, explained: { rows: Record<string, unknown>[] }, query: Query): Error {
  const plan = explained.rows.map((row) => row['QUERY PLAN']).join('\n');
  return new Error(`${heading}:\n${plan}\n\n${query.sql}\n${JSON.stringify(query.params)}`);
}

/** A parameter as an untyped SQL literal: PREPARE has already inferred its type. */
function literal(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const text = value instanceof Date ? value.toISOString() : String(value);
  return `'${text.replaceAll("'", "''")}'`;
}

describe(`query plans on ${POSTS} posts`, () => {
  let t: TestApp;
  let posts: PostsRepository;
  let client: RawClient;
  // A published post half-way down the feed: a cursor, an author and an id to look up.
  let middle: PostRecord;

  beforeAll(async () => {
    t = await createTestApp();
    posts = t.app.get(PostsRepository);
    client = (t.db as unknown as { $client: RawClient }).$client;
    await seed(t.db);
    [middle] = await posts.page(FEED, { ...PAGE, limit: 1, offset: POSTS / 2 });
  });

  afterAll(() => t?.close());

  it('has the data the plans are about', async () => {
    expect(await posts.count({ publishedOnly: false }, POSTS)).toBe(POSTS - POSTS / 50);
    expect(await posts.count({ ...FEED, search: RARE }, POSTS)).toBe(POSTS / 1000);
    expect(await posts.count({ ...FEED, search: COMMON }, POSTS)).toBeGreaterThan(POSTS / 2);
    expect(await posts.count({ publishedOnly: false, authorId: middle.authorId }, POSTS)).toBeGreaterThan(20);
  });

  /** A query of the snapshot, run with this table's values in place of the examples. */
  const snapshot =
    (name: string, values: [unknown, unknown][] = []) =>
    (): Query =>
      snapshotQuery('posts.repository', `PostsRepository.${name}`, new Map(values));
  const cursor = (): [unknown, unknown][] => [
    [Example.cursor.createdAt.toISOString(), middle.createdAt.toISOString()],
    [Example.cursor.id, middle.id],
  ];
  const author = (): [unknown, unknown][] => [[Example.userId, middle.authorId]];
  const cases: [string, () => Query][] = [
    ['the public feed', snapshot('page (the feed)')],
    ['a keyset page', () => snapshot('page (a keyset page)', cursor())()],
    ['one author’s posts, drafts included', () => snapshot("page (an author's posts)", author())()],
    ['one author’s published posts', () => snapshot("page (an author's published posts)", author())()],
    // A search reads the recent window first, then the GIN matches if the page is not full.
    ['a search for a rare word, recent window', snapshot('page (a search) [1]', [[Example.search, RARE]])],
    ['a search for a rare word, GIN matches', snapshot('page (a search) [2]', [[Example.search, RARE]])],
    ['a search for a common word', snapshot('page (a search) [1]', [[Example.search, COMMON]])],
    ['page 50 by offset', snapshot('page (by offset)', [[Example.offset, 49 * 20]])],
    [
      'page 3 of a search for a rare word',
      snapshot('page (a search by offset) [2]', [
        [Example.search, RARE],
        [Example.offset, 2 * 20],
      ]),
    ],
    ['a post by id', () => snapshot('findById', [[Example.postId, middle.id]])()],
  ];

  it.each(cases)('%s does not scan posts sequentially', async (_name, query) => {
    await expectNoSeqScanOnPosts(client, query());
  });

  it.each(cases)('%s does not scan posts sequentially in a generic plan PostgreSQL could keep', async (_name, query) => {
    const sqlQuery = query();
    // PREPARE and EXECUTE must meet on one connection: check one out of pg's pool.
    if (t.connection.driver !== 'postgres') return expectNoSeqScanOnPostsInGenericPlan(client, sqlQuery);
    const session = await (client as unknown as Pool).connect();
    try {
      await expectNoSeqScanOnPostsInGenericPlan(session, sqlQuery);
    } finally {
      session.release();
    }
  });
});
