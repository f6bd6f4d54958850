// What is measured: the scenarios, one autocannon run, and an idle database between runs.
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import { CONNECTIONS, ONLY, warn } from './config.mjs';
import { COMMON_TERM, SELECTIVE_TERM } from './seed.mjs';

// ---- load ------------------------------------------------------------------------------------
function rotating(paths) {
  let i = 0;
  return (req) => {
    req.path = paths[i++ % paths.length];
    return req;
  };
}

export function buildScenarios(fx) {
  const words = 'river mountain coffee window garden silver market engine harbor quiet planet bridge forest candle'.split(' ');
  const content = (n) => Array.from({ length: 40 }, (_, i) => words[(n + i * 7) % words.length]).join(' ');
  const auth = { authorization: `Bearer ${fx.token}`, 'content-type': 'application/json' };
  let created = 0;
  let patched = 0;
  return [
    // No database and no body to compare (terminus answers more than {status}): the cost of
    // the HTTP pipeline alone, the floor under every other scenario's ratio.
    { name: 'health_live', path: '/health/live', note: 'no database: the HTTP pipeline alone', compare: false },
    { name: 'list_first_page', path: '/api/posts' },
    {
      name: 'list_keyset_deep',
      path: `/api/posts?cursor=${fx.deepCursor}`,
      note: `cursor after row ${fx.deepRow.toLocaleString('en')}${fx.deepRow === 50_000 ? '' : ': the feed is too short for 50,000'}`,
    },
    {
      name: 'get_by_id',
      path: `/api/posts/${fx.ids[0]}`,
      setupRequest: rotating(fx.ids.map((id) => `/api/posts/${id}`)),
      note: `${fx.ids.length} ids`,
    },
    { name: 'search_selective', path: `/api/posts?q=${SELECTIVE_TERM}`, note: `${fx.selectiveMatches} matches` },
    { name: 'search_common', path: `/api/posts?q=${COMMON_TERM}`, note: `${fx.commonMatches.toLocaleString('en')} matches` },
    {
      name: 'list_offset_page2500',
      path: `/api/posts?page=${fx.page}`,
      note: fx.page === 2500 ? 'offset 49,980' : `page ${fx.page}: the feed is too short for 2500`,
    },
    {
      name: 'create_post',
      method: 'POST',
      path: '/api/posts',
      headers: auth,
      setupRequest: (req) => {
        const n = created++;
        req.body = JSON.stringify({ title: `Bench post ${n}`, content: content(n), published: false });
        return req;
      },
      write: true,
    },
    {
      name: 'update_post',
      method: 'PATCH',
      path: `/api/posts/${fx.ownIds[0]}`,
      headers: auth,
      setupRequest: (req) => {
        const n = patched++;
        req.path = `/api/posts/${fx.ownIds[n % fx.ownIds.length]}`;
        req.body = JSON.stringify({ title: `Edited ${n}` });
        return req;
      },
      note: `rotating over ${fx.ownIds.length} own posts`,
      write: true,
    },
  ].filter((s) => !ONLY || ONLY.has(s.name));
}

export async function load(target, scenario, duration) {
  const result = await autocannon({
    url: target.url,
    connections: CONNECTIONS,
    duration,
    timeout: 10,
    requests: [
      {
        method: scenario.method ?? 'GET',
        path: scenario.path,
        headers: scenario.headers ?? {},
        ...(scenario.setupRequest ? { setupRequest: scenario.setupRequest } : {}),
      },
    ],
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)]));
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
    statuses,
    requests: result.requests.total,
  };
}

export const DRAIN_MS = 15_000;
const DRAIN_LIMIT_MS = 120_000;

/**
 * Waits until no other session has run a query in the bench database for a second. After
 * DRAIN_MS it cancels whatever runs, again and again (a server may still hold queued requests
 * of closed connections, each starting a new query), for at most DRAIN_LIMIT_MS in all.
 * Returns how many queries it cancelled.
 */
export async function drain(db) {
  const activeSql = `SELECT pid FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND backend_type = 'client backend'`;
  const started = Date.now();
  let idleSince;
  let cancelled = 0;
  while (Date.now() - started < DRAIN_LIMIT_MS) {
    const { rows } = await db.query(activeSql);
    if (!rows.length) {
      idleSince ??= Date.now();
      if (Date.now() - idleSince >= 1_000) return cancelled;
    } else {
      idleSince = undefined;
      if (Date.now() - started > DRAIN_MS) {
        const result = await db.query('SELECT pg_cancel_backend(pid) AS ok FROM unnest($1::int[]) AS pid', [rows.map((r) => r.pid)]);
        cancelled += result.rows.filter((r) => r.ok).length;
      }
    }
    await sleep(200);
  }
  warn(`!! the database did not become idle within ${DRAIN_LIMIT_MS / 1000} s`);
  return cancelled;
}
