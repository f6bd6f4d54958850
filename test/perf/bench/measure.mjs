// The load itself: each scenario on every server in turn, then each app's search burst.
import { DURATION, ONLY, WARMUP, log, warn } from './config.mjs';
import { ATTACK_SEARCH, describeBurst, searchBurst } from './burst.mjs';
import { DRAIN_MS, drain, load } from './scenarios.mjs';

/**
 * Every scenario on the baseline and, per platform, the floor and the app, rotating which goes
 * first; results by scenario name: the baseline's, and per platform the app's and the floor's
 * with their ratios to the baseline.
 */
export async function measureScenarios(scenarios, platforms, baseline, db) {
  const results = {};
  const targets = [baseline, ...platforms.flatMap(({ floor, app }) => [floor, app])];
  log('');
  for (const [i, scenario] of scenarios.entries()) {
    const order = [...targets.slice(i % targets.length), ...targets.slice(0, i % targets.length)];
    const measured = new Map();
    for (const target of order) {
      if (WARMUP > 0) await load(target, scenario, WARMUP);
      const result = await load(target, scenario, DURATION);
      // Requests autocannon abandoned at the deadline keep their queries running in PostgreSQL
      // (node-postgres' query_timeout does not cancel them): let them finish, or cancel them,
      // so the next run starts on an idle database.
      const cancelled = await drain(db);
      if (cancelled)
        warn(
          `!! ${scenario.name}/${target.name}: cancelled ${cancelled} queries still running ${DRAIN_MS / 1000} s after the run (and later ones of its queued requests)`,
        );
      result.cancelledQueries = cancelled;
      if (target.process.exitCode !== null)
        throw new Error(`${target.name} died during ${scenario.name}:\n${target.process.tail.join('\n')}`);
      measured.set(target, result);
    }
    const base = measured.get(baseline);
    const ratio = (r) => (base.rps ? r.rps / base.rps : 0);
    results[scenario.name] = {
      baseline: base,
      note: scenario.note,
      platforms: Object.fromEntries(
        platforms.map(({ platform, app, floor }) => {
          const [a, f] = [measured.get(app), measured.get(floor)];
          return [platform, { app: a, floor: f, ratio: ratio(a), floorRatio: ratio(f) }];
        }),
      ),
    };
    const fmt = (r) =>
      `${String(r.rps).padStart(6)} req/s p99 ${r.p99} ms${r.errors ? ` ERRORS ${r.errors} ${JSON.stringify(r.statuses)}` : ''}${r.requests ? '' : ' NOTHING COMPLETED'}`;
    log(`${scenario.name.padEnd(22)} baseline ${fmt(base)}${scenario.note ? `  (${scenario.note})` : ''}`);
    for (const [platform, r] of Object.entries(results[scenario.name].platforms))
      log(
        `${''.padEnd(22)} ${platform.padEnd(8)} floor ${fmt(r.floor)} ${r.floorRatio.toFixed(2)} | app ${fmt(r.app)} ${r.ratio.toFixed(2)}`,
      );
  }
  return results;
}

/** Results by burst name; none unless BENCH_SCENARIOS asks for search_burst or names no subset. */
export async function measureBursts(appUrl, ids, db, label = '') {
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
      log(`${label}${describeBurst(name, bursts[name])}`);
    }
  }
  return bursts;
}
