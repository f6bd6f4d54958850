// What a run prints and writes: the table, loud failures, the JSON file, and EXPLAIN on request.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { ARGS, CONNECTIONS, DURATION, POOL_SIZE, POSTS, PIN, WARMUP, log, warn } from './config.mjs';
import { SEARCH_WINDOW } from './sql.mjs';
import { COMMON_TERM, SELECTIVE_TERM } from './seed.mjs';

/** One row per scenario and platform: the baseline, bare Nest (floor) and the app, with ratios to the baseline. */
function rowsOf(results) {
  return Object.entries(results).flatMap(([name, r]) =>
    Object.entries(r.platforms).map(([platform, p]) => ({ name, platform, baseline: r.baseline, ...p })),
  );
}

function table(results) {
  const head = ['scenario', 'platform', 'base req/s', 'floor req/s', 'app req/s', 'p50', 'p99', 'err', 'floor/base', 'app/base'];
  const rows = rowsOf(results).map((r) => [
    r.name,
    r.platform,
    r.baseline.rps,
    r.floor.rps,
    r.app.rps,
    `${r.app.p50}ms`,
    `${r.app.p99}ms`,
    r.app.errors,
    r.floorRatio.toFixed(2),
    r.ratio.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Prints the results; returns how many scenarios and bursts failed. */
export function printReport({ results, bursts, apps, baselineRssMb, mirrored }) {
  log('');
  log(table(results));
  log('');
  for (const [platform, { rssMb, startupMs }] of Object.entries(apps))
    log(`app on ${platform}: peak RSS (VmHWM) ${rssMb} MB (baseline ${baselineRssMb} MB); cold start to /health/ready ${startupMs} ms`);
  const failed = rowsOf(results).filter((r) => [r.app, r.floor, r.baseline].some((x) => x.errors || !x.requests));
  const failedBursts = Object.entries(bursts).filter(([, r]) => !r.ok);
  for (const [name] of failedBursts) warn(`!! ${name}: the other clients were not served as they must be (see above)`);
  if (failed.length) {
    warn('');
    warn('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
    for (const r of failed) {
      const describe = (x) =>
        `${x.errors} errors ${JSON.stringify(x.statuses)}${x.requests ? '' : `, NO REQUEST COMPLETED within ${DURATION} s`}${x.cancelledQueries ? `, ${x.cancelledQueries} queries cancelled after the run` : ''}`;
      warn(`!! ${r.name} on ${r.platform}: app ${describe(r.app)}; floor ${describe(r.floor)}; baseline ${describe(r.baseline)}`);
    }
    warn('!! THIS RUN HAD ERRORS: its numbers are not comparable');
    warn('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  }
  if (!mirrored) warn('!! the baseline does not mirror the app exactly (see above)');
  return failed.length + failedBursts.length;
}

/** With --json FILE: one record per scenario and platform, and the configuration of the run. */
export function writeJsonReport({ results, bursts, apps, loadAtStart }) {
  if (!ARGS.json) return;
  const figures = ({ rps, p50, p99, errors }) => ({ rps, p50, p99, errors });
  const round = (ratio) => Math.round(ratio * 1000) / 1000;
  const report = {
    scenarios: rowsOf(results).map((r) => ({
      scenario: r.name,
      platform: r.platform,
      app: figures(r.app),
      floor: figures(r.floor),
      baseline: figures(r.baseline),
      ratio: round(r.ratio),
      floorRatio: round(r.floorRatio),
    })),
    bursts,
    apps,
    config: {
      posts: POSTS,
      durationS: DURATION,
      warmupS: WARMUP,
      connections: CONNECTIONS,
      poolSize: POOL_SIZE,
      pinned: !!PIN,
      node: process.version,
      loadAverageAtStart: loadAtStart,
    },
  };
  writeFileSync(path.resolve(process.cwd(), ARGS.json), `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${ARGS.json}`);
}

export async function explain(db, appSql, fixtures) {
  const plans = [
    ['list_first_page', appSql.listFirst.sql, [21]],
    ['list_keyset_deep', appSql.listKeyset.sql, [fixtures.deepAfter.createdAt.toISOString(), fixtures.deepAfter.id, 21]],
    ['get_by_id', appSql.findById.sql, [fixtures.ids[1], 1]],
    ['search_selective (recent window)', appSql.searchRecent.sql, [SEARCH_WINDOW, SELECTIVE_TERM, 21]],
    ['search_selective (GIN matches)', appSql.searchMatches.sql, [SELECTIVE_TERM, 21]],
    ['search_common (recent window)', appSql.searchRecent.sql, [SEARCH_WINDOW, COMMON_TERM, 21]],
    ['list_offset_page2500', appSql.listOffset.sql, [21, (fixtures.page - 1) * 20]],
  ];
  for (const [name, text, params] of plans) {
    // Twice: the first run warms the cache, the second is the steady state the load saw.
    await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
    log(`\n== ${name}: ${text.replace(/^select .*? from/, 'select … from')}  -- ${JSON.stringify(params)}`);
    for (const row of rows) log(`   ${row['QUERY PLAN']}`);
  }
}
