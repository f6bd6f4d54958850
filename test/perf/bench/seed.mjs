// Bulk seeding for the benchmark database, in SQL with generate_series.
//   users: POSTS/10, ids md5('bench-user-<n>')::uuid so posts can reference them without a join
//   posts: ~90% published, ~2% soft-deleted, created_at over two years (timestamptz(3) keeps ms),
//          content 30-60 words from a small vocabulary; COMMON_TERM in ~14% of posts,
//          SELECTIVE_TERM in SELECTIVE_POSTS posts (always published and live).
// The posts' secondary indexes are dropped for the load and rebuilt after (much faster
// than maintaining a GIN index row by row), with their exact definitions.

export const COMMON_TERM = 'kernel';
export const SELECTIVE_TERM = 'zeppelin';
export const SELECTIVE_POSTS = 8;

// Plain words whose English stems collide with neither term above.
export const VOCABULARY = `
  river mountain coffee window garden silver market engine harbor yellow quiet planet bridge
  forest candle winter summer autumn spring ocean desert island valley meadow thunder rain
  storm cloud sunset morning evening night street city village castle tower library museum
  theater concert guitar piano violin drum melody rhythm poem story novel chapter letter
  paper pencil marble copper iron glass stone timber cotton linen velvet leather basket
  lantern mirror ladder wagon bicycle train rocket sailor farmer baker doctor teacher pilot
  painter writer singer dancer runner climber builder student traveler stranger neighbor
  friend family brother sister mother father child garden orchard apple cherry lemon orange
  pepper ginger honey bread cheese butter soup salad noodle rice bean carrot potato tomato
  purple crimson golden bright gentle brave clever curious distant hidden ancient modern
  simple careful happy lonely patient rapid silent steady swift tender wild wise humble
  travel wander gather build paint write sing dance climb carry follow discover explore
  imagine remember whisper listen watch wonder borrow deliver repair polish measure
`
  .trim()
  .split(/\s+/);

/**
 * Inserts `count` posts; `author` is an SQL expression of the series value `s.g`.
 * Every random choice is drawn once per row in the MATERIALIZED CTE, and fragments and
 * titles come in by hash joins on small tables: subscripting a large array per row
 * would detoast it on every access (about 1 ms a row).
 */
function insertPostsSql({ count, author, selectiveStep, published = 's.selective OR s.r_published < 0.9' }) {
  const pick = (table) => `1 + floor(random() * (SELECT count(*) FROM ${table}))::int`;
  return `
    WITH s AS MATERIALIZED (
      SELECT g, random() AS r_published, random() AS r_deleted, random() AS r_common,
             3 + floor(random() * 4)::int AS fragments,
             now() - random() * interval '730 days' AS at,
             ${selectiveStep ? `g % ${selectiveStep} = 0` : 'false'} AS selective,
             ${pick('bench_titles')} AS t,
             ${[1, 2, 3, 4, 5, 6].map((k) => `${pick('bench_fragments')} AS f${k}`).join(', ')}
      FROM generate_series(1, ${count}) AS g
    )
    INSERT INTO posts (title, content, author_id, published, created_at, updated_at, deleted_at, version)
    SELECT
      'Post ' || s.g || ': ' || t.t,
      concat_ws(' ', f1.t, f2.t, f3.t,
                CASE WHEN s.fragments >= 4 THEN f4.t END,
                CASE WHEN s.fragments >= 5 THEN f5.t END,
                CASE WHEN s.fragments >= 6 THEN f6.t END,
                CASE WHEN s.r_common < 0.14 THEN '${COMMON_TERM}' END,
                CASE WHEN s.selective THEN '${SELECTIVE_TERM}' END),
      ${author},
      ${published},
      s.at,
      s.at,
      CASE WHEN NOT s.selective AND s.r_deleted < 0.02 THEN s.at + interval '1 day' END,
      1
    FROM s
      JOIN bench_titles AS t ON t.i = s.t
      ${[1, 2, 3, 4, 5, 6].map((k) => `JOIN bench_fragments AS f${k} ON f${k}.i = s.f${k}`).join('\n      ')}`;
}

async function prepareGenerators(db) {
  await db.query('CREATE TEMP TABLE IF NOT EXISTS bench_vocab AS SELECT $1::text[] AS w, cardinality($1::text[]) AS n', [VOCABULARY]);
  // 2,000 ten-word fragments (a post is 3-6 of them: 30-60 words) and 2,000 three-word titles.
  const words = (n) => `array_to_string(ARRAY(
        SELECT v.w[1 + floor(random() * v.n)::int] FROM generate_series(1, ${n}) AS j WHERE i >= 0
      ), ' ')`;
  await db.query(
    `CREATE TEMP TABLE IF NOT EXISTS bench_fragments AS SELECT i, ${words(10)} AS t FROM generate_series(1, 2000) AS i, bench_vocab AS v`,
  );
  await db.query(
    `CREATE TEMP TABLE IF NOT EXISTS bench_titles AS SELECT i, initcap(${words(3)}) AS t FROM generate_series(1, 2000) AS i, bench_vocab AS v`,
  );
  await db.query('ANALYZE bench_fragments');
  await db.query('ANALYZE bench_titles');
}

/** Seeds users and posts; returns timings. `log` prints progress. */
export async function seed(db, { posts, log }) {
  const users = Math.max(1, Math.floor(posts / 10));
  const started = Date.now();
  // Superuser only: skip the FK triggers during the load (every author exists by construction).
  await db.query('SET session_replication_role = replica').catch(() => log('  (not superuser: FK checks stay on during the load)'));
  await db.query("SET maintenance_work_mem = '512MB'");
  await db.query('SET synchronous_commit = off');
  await prepareGenerators(db);

  await db.query(
    `INSERT INTO users (id, name, email, email_verified, created_at, updated_at)
     SELECT md5('bench-user-' || g)::uuid, 'User ' || g, 'user' || g || '@bench.invalid', true,
            now() - interval '800 days', now() - interval '800 days'
     FROM generate_series(1, ${users}) AS g`,
  );
  log(`  ${users.toLocaleString('en')} users in ${Date.now() - started} ms`);

  const { rows: indexes } = await db.query(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE schemaname = 'public' AND tablename = 'posts'
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'posts'::regclass)`,
  );
  for (const { indexname } of indexes) await db.query(`DROP INDEX "${indexname}"`);

  let t = Date.now();
  // Authors spread over all users (7919 is prime, so consecutive posts change author).
  await db.query(
    insertPostsSql({
      count: posts,
      author: `md5('bench-user-' || (1 + (s.g::bigint * 7919) % ${users}))::uuid`,
      selectiveStep: Math.max(1, Math.floor(posts / SELECTIVE_POSTS)),
    }),
  );
  log(`  ${posts.toLocaleString('en')} posts in ${Date.now() - t} ms`);

  t = Date.now();
  for (const { indexdef } of indexes) await db.query(indexdef);
  log(`  rebuilt ${indexes.map((i) => i.indexname).join(', ')} in ${Date.now() - t} ms`);
  await db.query('RESET session_replication_role').catch(() => {});
}

/** Posts of one author (the signed-up bench user), for the PATCH scenario. */
export async function seedAuthorPosts(db, { authorId, count }) {
  await prepareGenerators(db);
  if (!/^[0-9a-f-]{36}$/i.test(authorId)) throw new Error(`not a uuid: ${authorId}`);
  await db.query(insertPostsSql({ count, author: `'${authorId}'::uuid`, selectiveStep: 0, published: 'true' }));
}
