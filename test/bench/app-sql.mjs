// The SQL the compiled app (dist/) generates for each benchmarked repository call,
// captured from drizzle's logger on a mock database (no connection needed). Used to
// check that the baseline sends the same statements, and by BENCH_EXPLAIN to run
// EXPLAIN (ANALYZE, BUFFERS) on exactly what the app runs.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * @param {string} appRoot folder holding dist/ (the benchmark's snapshot of the build) and node_modules/
 * @param {{ postId: string, userId: string, cursor: {createdAt: Date, id: string}, search: string, offset: number }} f
 * @returns {Promise<Record<string, { sql: string, params: unknown[] }>>}
 */
export async function captureAppSql(appRoot = ROOT, f) {
  const require = createRequire(path.join(appRoot, 'dist', 'main.js'));
  require('reflect-metadata');
  const { drizzle } = require('drizzle-orm/node-postgres');
  const schema = require(path.join(appRoot, 'dist/infra/database/schema/index.js'));
  const { PostsRepository } = require(path.join(appRoot, 'dist/posts/posts.repository.js'));
  const { SessionLookup } = require(path.join(appRoot, 'dist/auth/session-lookup.js'));
  let last;
  const db = drizzle.mock({ schema, logger: { logQuery: (sql, params) => (last = { sql, params }) } });
  const repo = new PostsRepository(db);
  // The mock has no client, so running a query throws after the logger saw it.
  const run = async (call) => {
    last = undefined;
    try {
      await call();
    } catch {
      /* expected */
    }
    if (!last) throw new Error('drizzle did not log a query');
    return last;
  };
  const feed = (filter) => ({ publishedOnly: true, ...filter });
  const slice = (more) => ({ order: 'desc', limit: 21, ...more });
  const list = (filter, more) => repo.list(feed(filter), slice(more)).toSQL();
  return {
    findById: await run(() => repo.findById(f.postId)),
    findByIdForUpdate: await run(() => repo.findById(f.postId, { lock: true })),
    listFirst: list({}, {}),
    listKeyset: list({}, { after: f.cursor }),
    searchRecent: repo.searchRecent(feed({ search: f.search }), slice({})).toSQL(),
    searchMatches: repo.searchMatches(feed({ search: f.search }), slice({})).toSQL(),
    listOffset: list({}, { offset: f.offset }),
    insertPost: await run(() => repo.insert(f.userId, { title: 't', content: 'content ok', published: false })),
    updateTitle: await run(() => repo.updateIfVersion(f.postId, 1, { title: 't' })),
    addHistory: await run(() => repo.addHistory(f.postId, f.userId, 'update', { title: ['a', 'b'] })),
    // The query every authenticated request makes (prepareByToken is private in TypeScript only).
    sessionByToken: await run(() => new SessionLookup(db, undefined).prepareByToken().execute({ token: 'x' })),
  };
}
