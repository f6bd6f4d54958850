// The baseline must mirror the app: the same SQL and the same answers, or its numbers mean nothing.
import { warn } from './config.mjs';
import { request } from './processes.mjs';
import {
  INSERT_HISTORY_SQL,
  INSERT_POST_SQL,
  SESSION_BY_TOKEN_SQL,
  findByIdSql,
  listSql,
  searchMatchesSql,
  searchRecentSql,
  updateSql,
} from './sql.mjs';

// ---- checks ------------------------------------------------------------------------------------
export function checkBaselineSql(appSql) {
  const expected = {
    findById: findByIdSql(),
    findByIdForUpdate: findByIdSql({ lock: true }),
    listFirst: listSql(),
    listKeyset: listSql({ after: true }),
    searchRecent: searchRecentSql(),
    searchMatches: searchMatchesSql(),
    listOffset: listSql({ offset: true }),
    insertPost: INSERT_POST_SQL,
    updateTitle: updateSql(['title']),
    addHistory: INSERT_HISTORY_SQL,
    sessionByToken: SESSION_BY_TOKEN_SQL,
  };
  const drift = Object.keys(expected).filter((k) => expected[k] !== appSql[k].sql);
  for (const k of drift) warn(`!! baseline SQL drifted from the app for ${k}:\n   app:      ${appSql[k].sql}\n   baseline: ${expected[k]}`);
  return drift;
}

/** The read scenarios must answer the same JSON on both servers. */
export async function compareAnswers(app, baseline, scenarios) {
  const problems = [];
  for (const s of scenarios.filter((x) => !x.write && x.compare !== false)) {
    const path = s.setupRequest ? s.setupRequest({ path: s.path }).path : s.path;
    const [a, b] = await Promise.all([request('GET', app.url + path), request('GET', baseline.url + path)]);
    if (a.status !== 200 || b.status !== 200) problems.push(`${s.name}: status app ${a.status}, baseline ${b.status}`);
    else if (a.text !== b.text)
      problems.push(`${s.name}: bodies differ\n   app:      ${a.text.slice(0, 300)}\n   baseline: ${b.text.slice(0, 300)}`);
  }
  return problems;
}
