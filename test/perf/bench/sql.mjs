// The SQL the app's repositories send (drizzle-orm 0.45 output, byte for byte), written out
// by hand for the baseline server. bench.mjs checks these strings against the committed
// snapshots in queries/ (`npm run sql:generate`) and warns when they drift.

const POST_COLUMNS =
  '"posts"."id", "posts"."title", "posts"."content", "posts"."published", "posts"."author_id", "users"."name", ' +
  '"posts"."created_at", "posts"."updated_at", "posts"."deleted_at", "posts"."version"';
const FROM = 'from "posts" inner join "users" on "users"."id" = "posts"."author_id"';

/** PostsRepository.findById(id) / findById(id, { lock: true }). Params: id, 1. */
export function findByIdSql({ lock = false } = {}) {
  return `select ${POST_COLUMNS} ${FROM} where "posts"."id" = $1 limit $2${lock ? ' for update of "posts"' : ''}`;
}

/**
 * PostsRepository.page() for the public feed (publishedOnly), without a search (searches
 * go through searchRecentSql / searchMatchesSql). Params in order:
 * [authorId], [after.createdAt ISO, after.id], limit, [offset when > 0].
 */
export function listSql({ order = 'desc', authorId = false, after = false, offset = false } = {}) {
  let n = 0;
  const p = () => `$${++n}`;
  const filter = ['"posts"."deleted_at" IS NULL', '"posts"."published"'];
  if (authorId) filter.push(`"posts"."author_id" = ${p()}`);
  let where = `(${filter.join(' and ')})`;
  if (after) {
    const cmp = order === 'desc' ? '<' : '>';
    where = `(${where} and ("posts"."created_at", "posts"."id") ${cmp} (${p()}::timestamptz, ${p()}::uuid))`;
  }
  const orderBy = `order by "posts"."created_at" ${order}, "posts"."id" ${order}`;
  if (offset) {
    // The app's deferred join: ids of the page from the feed index, then their rows.
    const page = `(select "id" from "posts" where ${where} ${orderBy} limit ${p()} offset ${p()}) "page"`;
    return (
      `select ${POST_COLUMNS} from ${page} inner join "posts" on "posts"."id" = "page"."id" ` +
      `inner join "users" on "users"."id" = "posts"."author_id" ${orderBy}`
    );
  }
  return `select ${POST_COLUMNS} ${FROM} where ${where} ${orderBy} limit ${p()}`;
}

/** PostsRepository.SEARCH_WINDOW: posts read in order before a search turns to the GIN index. */
export const SEARCH_WINDOW = 1000;

function searchFilter(order, authorId, after, p) {
  const filter = ['"posts"."deleted_at" IS NULL', '"posts"."published"'];
  if (authorId) filter.push(`"posts"."author_id" = ${p()}`);
  return {
    filter,
    keyset: after ? `("posts"."created_at", "posts"."id") ${order === 'desc' ? '<' : '>'} (${p()}::timestamptz, ${p()}::uuid)` : undefined,
  };
}
const whereOf = (filter, keyset) => (keyset ? `((${filter.join(' and ')}) and ${keyset})` : `(${filter.join(' and ')})`);
const pageRows = (page, order) =>
  `select ${POST_COLUMNS} from (${page}) "page" inner join "posts" on "posts"."id" = "page"."id" ` +
  `inner join "users" on "users"."id" = "posts"."author_id" order by "posts"."created_at" ${order}, "posts"."id" ${order}`;

/**
 * PostsRepository.page() with a search, first statement: the first matches among the next SEARCH_WINDOW posts.
 * Params: [authorId], [after.createdAt ISO, after.id], SEARCH_WINDOW, search, limit, [offset].
 */
export function searchRecentSql({ order = 'desc', authorId = false, after = false, offset = false } = {}) {
  let n = 0;
  const p = () => `$${++n}`;
  const { filter, keyset } = searchFilter(order, authorId, after, p);
  const recent =
    `select "id", "created_at", "search_vector" from "posts" where ${whereOf(filter, keyset)} ` +
    `order by "posts"."created_at" ${order}, "posts"."id" ${order} limit ${p()}`;
  const page =
    `select "id" from (${recent}) "recent" where "recent"."search_vector" @@ websearch_to_tsquery('english', ${p()}) ` +
    `order by "recent"."created_at" ${order}, "recent"."id" ${order} limit ${p()}${offset ? ` offset ${p()}` : ''}`;
  return pageRows(page, order);
}

/**
 * PostsRepository.page() with a search, second statement: every match through the GIN index, sorted.
 * Params: [authorId], search, [after.createdAt ISO, after.id], limit, [offset].
 */
export function searchMatchesSql({ order = 'desc', authorId = false, after = false, offset = false } = {}) {
  let n = 0;
  const p = () => `$${++n}`;
  const filter = ['"posts"."deleted_at" IS NULL', '"posts"."published"'];
  if (authorId) filter.push(`"posts"."author_id" = ${p()}`);
  filter.push(`"posts"."search_vector" @@ websearch_to_tsquery('english', ${p()})`);
  const keyset = after
    ? `("posts"."created_at", "posts"."id") ${order === 'desc' ? '<' : '>'} (${p()}::timestamptz, ${p()}::uuid)`
    : undefined;
  const found = `select "id", "created_at" from "posts" where ${whereOf(filter, keyset)} offset 0`;
  const page =
    `select "id" from (${found}) "found" order by "found"."created_at" ${order}, "found"."id" ${order} ` +
    `limit ${p()}${offset ? ` offset ${p()}` : ''}`;
  return pageRows(page, order);
}

/** PostsRepository.insert(). Params: title, content, authorId, published. */
export const INSERT_POST_SQL =
  'insert into "posts" ("id", "title", "content", "author_id", "published", "created_at", "updated_at", "deleted_at", "version") ' +
  'values (default, $1, $2, $3, $4, default, default, default, default) returning "id", "created_at", "updated_at", "version"';

/** PostHistoryRepository.add(). Params: postId, actorId, action, changes (JSON text). */
export const INSERT_HISTORY_SQL =
  'insert into "post_history" ("id", "post_id", "actor_id", "action", "changes", "at") values (default, $1, $2, $3, $4, default)';

/**
 * SessionsRepository.findByToken() (src/auth/sessions.repository.ts): the session of a bearer token and
 * its user, for every authenticated request. Params: token, 1.
 */
export const SESSION_BY_TOKEN_SQL =
  'select "sessions"."id", "sessions"."token", "sessions"."user_id", "sessions"."expires_at", "sessions"."ip_address", ' +
  '"sessions"."user_agent", "sessions"."created_at", "sessions"."updated_at", "users"."id", "users"."name", "users"."email", ' +
  '"users"."email_verified", "users"."image", "users"."created_at", "users"."updated_at" ' +
  'from "sessions" inner join "users" on "users"."id" = "sessions"."user_id" where "sessions"."token" = $1 limit $2';

const EDITABLE = ['title', 'content', 'published'];

/** PostsRepository.updateIfVersion() for the given set of written fields. Params: ...values, id, version. */
export function updateSql(fields) {
  const set = [];
  let n = 0;
  for (const field of EDITABLE) if (fields.includes(field)) set.push(`"${field}" = $${++n}`);
  set.push('"updated_at" = now()', '"version" = "posts"."version" + 1');
  return (
    `update "posts" set ${set.join(', ')} where ("posts"."id" = $${++n} and "posts"."version" = $${++n} and "posts"."deleted_at" IS NULL) ` +
    'returning "updated_at", "version"'
  );
}

export { EDITABLE };
