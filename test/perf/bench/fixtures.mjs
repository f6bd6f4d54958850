// What the scenarios need from the seeded database: a signed-up user with posts, ids, a deep cursor, match counts.
import { randomBytes } from 'node:crypto';
import { OWN_POSTS, log } from './config.mjs';
import { request } from './processes.mjs';
import { COMMON_TERM, SELECTIVE_TERM, seedAuthorPosts } from './seed.mjs';

const encodeCursor = ({ createdAt, id }) => Buffer.from(JSON.stringify([createdAt.toISOString(), id])).toString('base64url');

/** A real user through the app, for the bearer-authenticated writes, with OWN_POSTS posts; then VACUUM ANALYZE. */
export async function signUpBenchUser(appUrl, db) {
  const email = `bench-${Date.now()}@bench.invalid`;
  const signUp = await request('POST', `${appUrl}/api/auth/sign-up/email`, {
    headers: { origin: appUrl },
    body: { email, password: randomBytes(12).toString('base64url'), name: 'Bench User' },
  });
  if (signUp.status !== 200 || !signUp.json?.user?.id) throw new Error(`sign-up failed: ${signUp.status} ${signUp.text.slice(0, 500)}`);
  const userId = signUp.json.user.id;
  const token = signUp.headers['set-auth-token'] ?? signUp.json.token;
  if (!/^[0-9a-f-]{36}$/i.test(userId) || !token) throw new Error(`unexpected sign-up answer: ${signUp.text.slice(0, 500)}`);
  await seedAuthorPosts(db, { authorId: userId, count: OWN_POSTS });
  const t = Date.now();
  // The seed commits asynchronously, and VACUUM marks a page all-visible only when its rows'
  // commits are on disk (it needs their hint bits): without this, a third of the feed was
  // left to heap fetches that a production table, long vacuumed, does not pay. A
  // synchronous commit of a transaction with an xid flushes the WAL up to it.
  await db.query('SET synchronous_commit = on');
  await db.query('SELECT txid_current()');
  await db.query('VACUUM (ANALYZE) users, posts, post_history');
  log(`signed up ${email}; ${OWN_POSTS} posts of theirs; VACUUM ANALYZE in ${Date.now() - t} ms`);
  return { userId, token };
}

/** Ids, cursors and counts read from the feed; on a feed too short for them, the deep cursor and page move to its middle. */
export async function readFixtures(db, { userId, token }) {
  const feed = 'published AND deleted_at IS NULL';
  const published = Number((await db.query(`SELECT count(*) FROM posts WHERE ${feed}`)).rows[0].count);
  // The 50,000th row of the feed; on a feed too short for a full page after it, the middle row.
  const deepRow = published >= 50_000 + 21 ? 50_000 : Math.max(1, Math.floor(published / 2));
  const deep = (
    await db.query(`SELECT created_at, id FROM posts WHERE ${feed} ORDER BY created_at DESC, id DESC OFFSET $1 LIMIT 1`, [deepRow - 1])
  ).rows[0];
  const fixtures = {
    token,
    userId,
    published,
    deepRow,
    deepCursor: encodeCursor({ createdAt: deep.created_at, id: deep.id }),
    deepAfter: { createdAt: deep.created_at, id: deep.id },
    page: published >= 2500 * 20 ? 2500 : Math.max(1, Math.floor(published / 40)),
    ids: (await db.query(`SELECT id FROM posts WHERE ${feed} ORDER BY md5(id::text) LIMIT 1000`)).rows.map((r) => r.id),
    ownIds: (await db.query('SELECT id FROM posts WHERE author_id = $1 AND deleted_at IS NULL ORDER BY created_at', [userId])).rows.map(
      (r) => r.id,
    ),
    selectiveMatches: Number(
      (
        await db.query(`SELECT count(*) FROM posts WHERE ${feed} AND search_vector @@ websearch_to_tsquery('english', $1)`, [
          SELECTIVE_TERM,
        ])
      ).rows[0].count,
    ),
    commonMatches: Number(
      (await db.query(`SELECT count(*) FROM posts WHERE ${feed} AND search_vector @@ websearch_to_tsquery('english', $1)`, [COMMON_TERM]))
        .rows[0].count,
    ),
  };
  log(
    `feed: ${published.toLocaleString('en')} published live posts; '${COMMON_TERM}' in ${fixtures.commonMatches.toLocaleString('en')}, '${SELECTIVE_TERM}' in ${fixtures.selectiveMatches}`,
  );
  return fixtures;
}
