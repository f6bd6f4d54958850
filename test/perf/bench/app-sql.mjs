// The SQL the app sends for each benchmarked repository call, read from the repositories'
// committed snapshots in queries/ (drift-checked by `npm run db:check`). The baseline must
// send the same statements; BENCH_EXPLAIN runs EXPLAIN (ANALYZE, BUFFERS) on them.
import { readSqlSnapshot } from '../../support/sql-snapshots.mjs';

/** @returns {Record<string, { sql: string, params: unknown[] }>} */
export function readAppSql() {
  const posts = readSqlSnapshot('posts.repository');
  const one = (snapshot, name) => {
    const query = (snapshot === 'posts.repository' ? posts : readSqlSnapshot(snapshot)).get(name);
    if (!query) throw new Error(`queries/${snapshot}.sql has no query named ${name}`);
    return query;
  };
  return {
    findById: one('posts.repository', 'PostsRepository.findById'),
    findByIdForUpdate: one('posts.repository', 'PostsRepository.findById (locked)'),
    listFirst: one('posts.repository', 'PostsRepository.page (the feed)'),
    listKeyset: one('posts.repository', 'PostsRepository.page (a keyset page)'),
    searchRecent: one('posts.repository', 'PostsRepository.page (a search) [1]'),
    searchMatches: one('posts.repository', 'PostsRepository.page (a search) [2]'),
    listOffset: one('posts.repository', 'PostsRepository.page (by offset)'),
    insertPost: one('posts.repository', 'PostsRepository.insert'),
    updateTitle: one('posts.repository', 'PostsRepository.updateIfVersion (the title)'),
    addHistory: one('post-history.repository', 'PostHistoryRepository.add'),
    sessionByToken: one('sessions.repository', 'SessionsRepository.findByToken'),
  };
}
