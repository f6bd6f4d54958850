// Baseline for the benchmark: the smallest Node server answering the benchmarked
// routes with the app's SQL (named prepared statements on a pg Pool of the same
// size) and the app's JSON. Writes authenticate their bearer token as the app's
// SessionLookup does (HMAC check, one query); no framework, no validation library,
// no logging: the ceiling for a Node server on this database. Not part of the product.
//
// env: DATABASE_URL, PORT, DATABASE_POOL_SIZE (10), BETTER_AUTH_SECRET (the app's, to check token signatures).
import http from 'node:http';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import pg from 'pg';
import {
  EDITABLE,
  INSERT_HISTORY_SQL,
  INSERT_POST_SQL,
  SEARCH_WINDOW,
  SESSION_BY_TOKEN_SQL,
  findByIdSql,
  listSql,
  searchMatchesSql,
  searchRecentSql,
  updateSql,
} from './sql.mjs';

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  idleTimeoutMillis: 30_000,
});
pool.on('error', (error) => console.error(`[baseline] idle client error: ${error.message}`));

const AUTH_SECRET = process.env.BETTER_AUTH_SECRET;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

// ---- SQL: one named statement per distinct text -------------------------------------------
const statements = new Map();
function statement(text) {
  let name = statements.get(text);
  if (!name) statements.set(text, (name = `b${statements.size}`));
  return name;
}
const query = (db, text, values) => db.query({ name: statement(text), text, values });

// ---- the app's JSON --------------------------------------------------------------------------
// Row from findById / list: id, title, content, published, author_id, name, created_at, updated_at, deleted_at, version.
function toPost(row) {
  return {
    id: row.id,
    title: row.title,
    content: row.content,
    published: row.published,
    authorId: row.author_id,
    author: { id: row.author_id, name: row.name },
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
const etag = (version) => `"${version}"`;
const encodeCursor = (row) => Buffer.from(JSON.stringify([row.created_at.toISOString(), row.id])).toString('base64url');
function decodeCursor(value) {
  if (!/^[\w-]{1,200}$/.test(value)) return undefined;
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (!Array.isArray(parsed) || parsed.length !== 2 || !ISO.test(parsed[0]) || !UUID.test(parsed[1])) return undefined;
    const createdAt = new Date(parsed[0]);
    if (Number.isNaN(createdAt.getTime()) || createdAt.getUTCFullYear() < 1) return undefined;
    return { createdAt, id: parsed[1] };
  } catch {
    return undefined;
  }
}

function send(res, status, body, headers = {}) {
  const json = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': status >= 400 ? 'application/problem+json' : 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(json),
    'X-Request-Id': randomUUID(),
    ...headers,
  });
  res.end(json);
}
const problem = (res, status, detail) => send(res, status, { type: 'about:blank', status, detail });

// ---- routes ----------------------------------------------------------------------------------
async function listPosts(res, params) {
  const limit = params.has('limit') ? Number(params.get('limit')) : 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return problem(res, 400, 'bad limit');
  const page = params.has('page') ? Number(params.get('page')) : undefined;
  if (page !== undefined && (!Number.isInteger(page) || page < 1)) return problem(res, 400, 'bad page');
  const order = params.get('order') ?? 'desc';
  if (order !== 'asc' && order !== 'desc') return problem(res, 400, 'bad order');
  const after = params.has('cursor') ? decodeCursor(params.get('cursor')) : undefined;
  if (params.has('cursor') && (!after || page)) return problem(res, 400, 'bad cursor');
  const q = params.get('q')?.trim();
  const authorId = params.get('authorId') ?? undefined;
  if (authorId !== undefined && !UUID.test(authorId)) return problem(res, 400, 'bad authorId');

  const offset = page ? (page - 1) * limit : 0;
  const rows = q ? await search(order, authorId, after, q, limit + 1, offset) : await list(order, authorId, after, limit + 1, offset);
  const data = rows.slice(0, limit);
  const nextCursor = !page && rows.length > limit ? encodeCursor(data.at(-1)) : null;
  send(res, 200, { data: data.map(toPost), nextCursor });
}

async function list(order, authorId, after, limit, offset) {
  const values = [];
  if (authorId) values.push(authorId);
  if (after) values.push(after.createdAt.toISOString(), after.id);
  values.push(limit);
  if (offset > 0) values.push(offset);
  const text = listSql({ order, authorId: !!authorId, after: !!after, offset: offset > 0 });
  return (await query(pool, text, values)).rows;
}

// The app's search: the recent window first, the GIN matches when it did not fill the page.
async function search(order, authorId, after, q, limit, offset) {
  const shape = { order, authorId: !!authorId, after: !!after, offset: offset > 0 };
  const keyset = after ? [after.createdAt.toISOString(), after.id] : [];
  const author = authorId ? [authorId] : [];
  const skip = offset > 0 ? [offset] : [];
  const recent = (await query(pool, searchRecentSql(shape), [...author, ...keyset, SEARCH_WINDOW, q, limit, ...skip])).rows;
  if (recent.length === limit) return recent;
  return (await query(pool, searchMatchesSql(shape), [...author, q, ...keyset, limit, ...skip])).rows;
}

async function getPost(res, id) {
  const { rows } = await query(pool, findByIdSql(), [id, 1]);
  const row = rows[0];
  if (!row || row.deleted_at || !row.published) return problem(res, 404, 'Post not found');
  send(res, 200, toPost(row), { ETag: etag(row.version) });
}

async function inTransaction(work) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

function validBody(body, { partial }) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const out = {};
  for (const key of Object.keys(body)) if (!EDITABLE.includes(key)) return undefined;
  if (body.title !== undefined || !partial) {
    if (typeof body.title !== 'string') return undefined;
    out.title = body.title.trim();
    if (out.title.length < 1 || [...out.title].length > 255) return undefined;
  }
  if (body.content !== undefined || !partial) {
    if (typeof body.content !== 'string' || [...body.content].length < 10) return undefined;
    out.content = body.content;
  }
  if (body.published !== undefined) {
    if (typeof body.published !== 'boolean') return undefined;
    out.published = body.published;
  } else if (!partial) out.published = false;
  return Object.keys(out).length ? out : undefined;
}

// The app's SessionLookup fast path: a signed bearer token (`token.signature`, HMAC-SHA-256
// with the auth secret) or a bare one, then its live session and user in one query.
async function authenticate(req) {
  const header = req.headers.authorization;
  if (!header || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  let token = header.slice(7).trim();
  if (token.includes('%')) token = decodeURIComponent(token);
  if (token.includes('.')) {
    const [value, signature] = token.split('.');
    const sent = Buffer.from(signature ?? '', 'base64');
    const expected = createHmac('sha256', AUTH_SECRET).update(value).digest();
    if (sent.length !== expected.length || !timingSafeEqual(sent, expected)) return undefined;
    token = value;
  }
  const [row] = (
    await pool.query({ name: statement(SESSION_BY_TOKEN_SQL), text: SESSION_BY_TOKEN_SQL, values: [token, 1], rowMode: 'array' })
  ).rows;
  // Columns: session id, token, user_id, expires_at, …; then the user's id, name, ….
  if (!row || row[3] < new Date()) return undefined;
  return { id: row[8], name: row[9] };
}

async function createPost(res, user, body) {
  const input = validBody(body, { partial: false });
  if (!input) return problem(res, 400, 'Request body is invalid');
  const row = await inTransaction(async (tx) => {
    const { rows } = await query(tx, INSERT_POST_SQL, [input.title, input.content, user.id, input.published]);
    const changes = Object.fromEntries(EDITABLE.map((field) => [field, [null, input[field]]]));
    await query(tx, INSERT_HISTORY_SQL, [rows[0].id, user.id, 'create', JSON.stringify(changes)]);
    return rows[0];
  });
  const post = toPost({ ...row, ...input, author_id: user.id, name: user.name });
  send(res, 201, post, { Location: `/api/posts/${row.id}`, ETag: etag(row.version) });
}

async function updatePost(res, user, id, body) {
  const input = validBody(body, { partial: true });
  if (!input) return problem(res, 400, 'Request body is invalid');
  const outcome = await inTransaction(async (tx) => {
    const { rows } = await query(tx, findByIdSql({ lock: true }), [id, 1]);
    const current = rows[0];
    if (!current || current.deleted_at || (!current.published && current.author_id !== user.id)) return 404;
    if (current.author_id !== user.id) return 403;
    const changes = {};
    for (const field of EDITABLE) {
      if (input[field] !== undefined && input[field] !== current[field]) changes[field] = [current[field], input[field]];
    }
    const fields = EDITABLE.filter((field) => input[field] !== undefined);
    const updated = await query(tx, updateSql(fields), [...fields.map((field) => input[field]), id, current.version]);
    if (!updated.rows[0]) return 412;
    await query(tx, INSERT_HISTORY_SQL, [id, user.id, 'update', JSON.stringify(changes)]);
    return { ...current, ...input, ...updated.rows[0] };
  });
  if (typeof outcome === 'number') return problem(res, outcome, 'refused');
  send(res, 200, toPost(outcome), { ETag: etag(outcome.version) });
}

function readJson(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= 1 << 20) chunks.push(chunk);
    });
    req.on('end', () => {
      try {
        resolve(size > 1 << 20 ? undefined : JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        resolve(undefined);
      }
    });
    req.on('error', () => resolve(undefined));
  });
}

// Like the app's guard, authentication comes before the body is read.
async function withUser(req, res, write) {
  const user = await authenticate(req);
  if (!user) return problem(res, 401, 'Sign in first');
  return write(user);
}

async function handle(req, res) {
  const url = new URL(req.url, 'http://baseline');
  const path = url.pathname;
  if (path === '/api/posts' || path === '/api/posts/') {
    if (req.method === 'GET') return listPosts(res, url.searchParams);
    if (req.method === 'POST') return withUser(req, res, async (user) => createPost(res, user, await readJson(req)));
  } else if (path.startsWith('/api/posts/')) {
    const id = path.slice('/api/posts/'.length);
    if (!UUID.test(id)) return problem(res, 400, 'Post id must be a UUID');
    if (req.method === 'GET') return getPost(res, id);
    if (req.method === 'PATCH') return withUser(req, res, async (user) => updatePost(res, user, id, await readJson(req)));
  } else if (path === '/health/ready' || path === '/health/live') {
    if (path === '/health/ready') await pool.query('select 1');
    return send(res, 200, { status: 'ok' });
  }
  problem(res, 404, 'Not found');
}

const server = http.createServer((req, res) => {
  handle(req, res).catch((error) => {
    console.error(`[baseline] ${req.method} ${req.url}: ${error.message}`);
    if (!res.headersSent) problem(res, 500, 'Internal error');
    else res.destroy();
  });
});
server.keepAliveTimeout = 65_000;

const port = Number(process.env.PORT ?? 3001);
server.listen(port, '127.0.0.1', () => console.log(`[baseline] listening on http://127.0.0.1:${port}`));

async function shutdown() {
  server.close();
  server.closeAllConnections?.();
  await pool.end().catch(() => {});
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
