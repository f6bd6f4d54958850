// The hardening issue's burst: 20 clients at once send the most expensive search the API
// still takes, again as soon as each is answered, while others read posts (100 requests a
// second: the list and posts by id) and a probe polls /health/ready. What counts is what
// the others see: their p99 must stay under 200 ms, with no errors, and readiness 200.
import autocannon from 'autocannon';
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VOCABULARY } from './seed.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));

export const BURST_CONNECTIONS = 20;
const OTHER_CONNECTIONS = 10;
const OTHERS_RATE = 100;
export const OTHERS_P99_LIMIT_MS = 200;

// One word in a quarter of the posts, 19 negations (the most a search may hold), withTotal.
const words = VOCABULARY.slice(0, 20);
export const WORST_SEARCH = `/api/posts?withTotal=true&q=${encodeURIComponent([words[0], ...words.slice(1).map((w) => `-${w}`)].join(' '))}`;
// The request as the attack sent it: 100 negated words and withTotal (a 400 once hardened);
// short made-up words, to stay within q's 500 characters.
export const ATTACK_SEARCH = `/api/posts?withTotal=true&q=${encodeURIComponent(Array.from({ length: 100 }, (_, i) => `-w${i}`).join(' '))}`;

function readers(args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(HERE, 'readers.mjs'), ...args.map(String)], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout)),
    );
  });
}

function summary(result) {
  return {
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    statuses: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, Number(count)])),
  };
}

/** Runs the burst (`path`, default the worst allowed search) against `url` for `duration` s. */
export async function searchBurst({ url, ids, duration, path = WORST_SEARCH }) {
  const burst = autocannon({ url, connections: BURST_CONNECTIONS, duration, timeout: 10, requests: [{ method: 'GET', path }] });
  const others = readers([url, duration, OTHER_CONNECTIONS, OTHERS_RATE, JSON.stringify(ids.slice(0, 100))]);
  const ready = {};
  const deadline = Date.now() + duration * 1000;
  const probe = (async () => {
    while (Date.now() < deadline) {
      const status = await fetch(`${url}/health/ready`, { signal: globalThis.AbortSignal.timeout(5_000) }).then(
        (r) => r.status,
        () => 'no answer',
      );
      ready[status] = (ready[status] ?? 0) + 1;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  const [burstResult, othersResult] = await Promise.all([burst, others, probe]);
  const result = { burst: summary(burstResult), others: summary(othersResult), ready };
  const othersOk =
    result.others.p99 < OTHERS_P99_LIMIT_MS && !result.others.errors && Object.keys(result.others.statuses).every((code) => code === '200');
  const readyOk = Object.keys(ready).every((code) => code === '200');
  return { ...result, ok: othersOk && readyOk };
}

export function describeBurst(name, r) {
  const statuses = (s) =>
    Object.entries(s)
      .map(([code, n]) => `${n}× ${code}`)
      .join(', ');
  return [
    `${name}: ${BURST_CONNECTIONS} clients searching: ${r.burst.rps} req/s, p50 ${r.burst.p50} ms, p99 ${r.burst.p99} ms (${statuses(r.burst.statuses)})`,
    `${' '.repeat(name.length)}  ${OTHER_CONNECTIONS} others reading: ${r.others.rps} req/s, p50 ${r.others.p50} ms, p99 ${r.others.p99} ms (${statuses(r.others.statuses)}${r.others.errors ? `, ${r.others.errors} errors` : ''}); /health/ready: ${statuses(r.ready)}`,
    `${' '.repeat(name.length)}  ${r.ok ? 'OK' : 'FAILED'}: the others' p99 must stay under ${OTHERS_P99_LIMIT_MS} ms with no errors, and readiness 200`,
  ].join('\n');
}
