// What a run prints and writes: the table, loud failures, the JSON file, and EXPLAIN on request.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { ARGS, CONNECTIONS, DURATION, POOL_SIZE, POSTS, PIN, WARMUP, log, warn } from './config.mjs';
import { SEARCH_WINDOW } from './sql.mjs';
import { COMMON_TERM, SELECTIVE_TERM } from './seed.mjs';

function table(results) {
  const head = ['scenario', 'app req/s', 'p50', 'p99', 'err', 'base req/s', 'p50', 'p99', 'err', 'app/base'];
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    r.app.rps,
    `${r.app.p50}ms`,
    `${r.app.p99}ms`,
    r.app.errors,
    r.baseline.rps,
    `${r.baseline.p50}ms`,
    `${r.baseline.p99}ms`,
    r.baseline.errors,
    r.ratio.toFixed(2),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  return [line(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Prints the results; returns how many scenarios and bursts failed. */
export function printReport({ results, bursts, rssMb, baselineRssMb, startupMs, mirrored }) {
  log('');
  log(table(results));
  log('');
  log(`app peak RSS (VmHWM): ${rssMb} MB (baseline ${baselineRssMb} MB); app cold start to /health/ready: ${startupMs} ms`);
  const failed = Object.entries(results).filter(([, r]) => r.app.errors || r.baseline.errors || !r.app.requests || !r.baseline.requests);
  const failedBursts = Object.entries(bursts).filter(([, r]) => !r.ok);
  for (const [name] of failedBursts) warn(`!! ${name}: the other clients were not served as they must be (see above)`);
  if (failed.length) {
    warn('');
    warn('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
    for (const [name, r] of failed) {
      const describe = (x) =>
        `${x.errors} errors ${JSON.stringify(x.statuses)}${x.requests ? '' : `, NO REQUEST COMPLETED within ${DURATION} s`}${x.cancelledQueries ? `, ${x.cancelledQueries} queries cancelled after the run` : ''}`;
      warn(`!! ${name}: app ${describe(r.app)}; baseline ${describe(r.baseline)}`);
    }
    warn('!! THIS RUN HAD ERRORS: its numbers are not comparable');
    warn('!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!');
  }
  if (!mirrored) warn('!! the baseline does not mirror the app exactly (see above)');
  return failed.length + failedBursts.length;
}

/** With --json FILE: the numbers and the configuration of the run. */
export function writeJsonReport({ results, bursts, rssMb, startupMs, loadAtStart }) {
  if (ARGS.json) {
    const scenariosJson = Object.fromEntries(
      Object.entries(results).map(([name, r]) => [
        name,
        {
          app: { rps: r.app.rps, p50: r.app.p50, p99: r.app.p99, errors: r.app.errors },
          baseline: { rps: r.baseline.rps, p50: r.baseline.p50, p99: r.baseline.p99, errors: r.baseline.errors },
          ratio: Math.round(r.ratio * 1000) / 1000,
        },
      ]),
    );
    const report = {
      scenarios: scenariosJson,
      bursts,
      rssMb,
      startupMs,
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
