// The load itself: each scenario on both servers in turn, then the app's search burst.
import { DURATION, ONLY, WARMUP, log, warn } from './config.mjs';
import { ATTACK_SEARCH, describeBurst, searchBurst } from './burst.mjs';
import { DRAIN_MS, drain, load } from './scenarios.mjs';

/** Every scenario on both servers, alternating which goes first; results by scenario name. */
export async function measureScenarios(scenarios, app, baseline, db) {
  const results = {};
  log('');
  for (const [i, scenario] of scenarios.entries()) {
    const order = i % 2 === 0 ? [app, baseline] : [baseline, app];
    const measured = {};
    for (const target of order) {
      if (WARMUP > 0) await load(target, scenario, WARMUP);
      measured[target.name] = await load(target, scenario, DURATION);
      // Requests autocannon abandoned at the deadline keep their queries running in PostgreSQL
      // (node-postgres' query_timeout does not cancel them): let them finish, or cancel them,
      // so the next run starts on an idle database.
      const cancelled = await drain(db);
      if (cancelled)
        warn(
          `!! ${scenario.name}/${target.name}: cancelled ${cancelled} queries still running ${DRAIN_MS / 1000} s after the run (and later ones of its queued requests)`,
        );
      measured[target.name].cancelledQueries = cancelled;
      if (target.process.exitCode !== null)
        throw new Error(`${target.name} died during ${scenario.name}:\n${target.process.tail.join('\n')}`);
    }
    const ratio = measured.baseline.rps ? measured.app.rps / measured.baseline.rps : 0;
    results[scenario.name] = { app: measured.app, baseline: measured.baseline, ratio, note: scenario.note };
    const fmt = (r) =>
      `${String(r.rps).padStart(6)} req/s p50 ${r.p50} ms p99 ${r.p99} ms${r.errors ? ` ERRORS ${r.errors} ${JSON.stringify(r.statuses)}` : ''}${r.requests ? '' : ' NOTHING COMPLETED'}`;
    log(
      `${scenario.name.padEnd(22)} app ${fmt(measured.app)} | baseline ${fmt(measured.baseline)} | ${ratio.toFixed(2)}${scenario.note ? `  (${scenario.note})` : ''}`,
    );
  }
  return results;
}

/** Results by burst name; none unless BENCH_SCENARIOS asks for search_burst or names no subset. */
export async function measureBursts(appUrl, ids, db) {
  // The search burst is the app's alone (the baseline has no limits to hold): the attack as
  // it was sent, then the most expensive search still allowed.
  const bursts = {};
  if (!ONLY || ONLY.has('search_burst')) {
    log('');
    for (const [name, path] of [
      ['search_burst_attack', ATTACK_SEARCH],
      ['search_burst', undefined],
    ]) {
      // Warmed up as every other scenario is: a cold first burst measures the JIT, not the limits.
      if (WARMUP > 0) await searchBurst({ url: appUrl, ids, duration: WARMUP, path });
      await drain(db);
      bursts[name] = await searchBurst({ url: appUrl, ids, duration: DURATION, path });
      await drain(db);
      log(describeBurst(name, bursts[name]));
    }
  }
  return bursts;
}
