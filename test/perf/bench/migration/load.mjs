// Open-loop load through the API: writes (POST /api/posts, each with an Idempotency-Key) and
// reads (GET /api/posts) sent on a fixed schedule whatever the answers, each timed from when it
// was due, so a stalled server shows as latency and gaps instead of as fewer requests.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const TICK_MS = 10;
const TIMEOUT_MS = 30_000;

/** Starts sending `writesPerSecond` writes and `readsPerSecond` reads; `stop()` waits for the last answers and returns every request. */
export function startLoad(appUrl, token, { writesPerSecond, readsPerSecond }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const requests = [];
  const pending = new Set();
  let sent = 0;
  const send = (kind, method, path, body, headers = {}) => {
    const record = { kind, due: performance.now(), end: undefined, status: 0 };
    requests.push(record);
    const payload = body && JSON.stringify(body);
    const done = new Promise((resolve) => {
      const req = http.request(`${appUrl}${path}`, {
        method,
        agent,
        timeout: TIMEOUT_MS,
        headers: { authorization: `Bearer ${token}`, ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
      });
      const finish = (status) => {
        record.end = performance.now();
        record.status = status;
        resolve();
      };
      req.on('timeout', () => req.destroy(new Error('timed out')));
      req.on('error', () => finish(0));
      req.on('response', (res) => res.resume().on('end', () => finish(res.statusCode)));
      req.end(payload);
    });
    pending.add(done);
    done.then(() => pending.delete(done));
  };

  const started = performance.now();
  let writes = 0;
  let reads = 0;
  const timer = setInterval(() => {
    const elapsed = (performance.now() - started) / 1000;
    for (; writes < elapsed * writesPerSecond; writes++, sent++) {
      send(
        'write',
        'POST',
        '/api/posts',
        { title: `Load ${sent}`, content: `Written during the migration, number ${sent}` },
        {
          'idempotency-key': `load-${process.pid}-${sent}`,
        },
      );
    }
    for (; reads < elapsed * readsPerSecond; reads++) send('read', 'GET', '/api/posts?limit=20');
  }, TICK_MS);

  return {
    async stop() {
      clearInterval(timer);
      await Promise.all(pending);
      agent.destroy();
      return requests;
    },
  };
}

/** What the table shows, for the window [from, to] the migration ran in and the calm [calmFrom, from] before it. */
export function summarize(requests, { calmFrom, from, to }) {
  const writes = requests.filter((r) => r.kind === 'write');
  const ok = (r) => (r.kind === 'write' ? r.status === 201 : r.status === 200);
  const completions = writes
    .filter(ok)
    .map((r) => r.end)
    .sort((a, b) => a - b);
  // The longest time the migration window saw no write complete: from its start, between writes, until the first after it.
  const after = completions.find((end) => end > to) ?? to;
  const points = [from, ...completions.filter((end) => end > from && end <= to), after];
  const stall = Math.max(...points.slice(1).map((point, i) => point - points[i]));
  const p99 = (due) => {
    const latencies = writes
      .filter((r) => due(r.due) && r.end !== undefined)
      .map((r) => r.end - r.due)
      .sort((a, b) => a - b);
    return latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] : NaN;
  };
  const failures = requests.filter((r) => !ok(r));
  return {
    stallMs: stall,
    failed: failures.length,
    // The first few, placed in time against the migration, for the reader to tell why.
    failures: failures
      .slice(0, 5)
      .map((r) => `${r.kind} due at ${Math.round(r.due - from)} ms: ${r.status || 'no answer'} after ${Math.round(r.end - r.due)} ms`),
    requests: requests.length,
    // The same load before the migration started: what the p99 during it compares with.
    writeP99BeforeMs: p99((due) => due >= calmFrom && due < from),
    writeP99Ms: p99((due) => due >= from && due <= to),
  };
}
