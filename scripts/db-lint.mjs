#!/usr/bin/env node
// npm run db:lint [-- --dir DIR]: squawk on every migration and down script, minus the exceptions
// listed in DIR/lint-exceptions.json (one rule, one statement, each with its reason), then the journal.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// squawk-cli's launcher (it runs the Linux binary npm installed as an optional dependency).
const SQUAWK = ((manifest) => join(dirname(manifest), createRequire(import.meta.url)(manifest).bin.squawk))(
  createRequire(import.meta.url).resolve('squawk-cli/package.json'),
);

// Names say what a migration does (0004_add_posts_slug); the tags before 0004 are left as applied.
const DESCRIPTIVE =
  /^\d{4}_(add|create|drop|remove|rename|alter|change|backfill|set|make|split|merge|index|validate|enable|disable)_[a-z0-9_]+$/;

// db:rollback's script for NNNN_name.sql.
const DOWN = '.down.sql';

const dirFlag = process.argv.indexOf('--dir');
const dir = dirFlag === -1 ? 'migrations' : process.argv[dirFlag + 1];
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.sql'))
  .sort();
const readJson = (path, fallback) => (existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : fallback);

// Migrations marked to run outside a transaction (see outside-transaction.ts) are linted as such.
const OUTSIDE_TRANSACTION = '-- migrate: outside-transaction';
const outside = (name) => readFileSync(join(dir, name), 'utf8').split('\n', 1)[0].trim() === OUTSIDE_TRANSACTION;
const findings = [
  ...squawk(files.filter((name) => !outside(name)).map((name) => join(dir, name))),
  ...squawk(
    files.filter(outside).map((name) => join(dir, name)),
    ['--no-assume-in-transaction'],
  ),
];
const { exceptions = [] } = readJson(join(dir, 'lint-exceptions.json'), {});
const excused = (finding) => {
  const line = readFileSync(finding.file, 'utf8').split('\n')[finding.line] ?? '';
  return exceptions.some((e) => finding.file.endsWith(`/${e.file}`) && e.rule === finding.rule_name && line.includes(e.statement));
};
const problems = findings
  .filter((finding) => !excused(finding))
  .map((f) => `${f.file}:${f.line + 1}:${f.column + 1}: ${f.rule_name}: ${f.message}${f.help ? ` (${f.help})` : ''}`);
problems.push(...journalProblems(dir, files));

for (const problem of problems) console.error(problem);
const downs = files.filter((name) => name.endsWith(DOWN)).length;
console.log(
  `${files.length - downs} migrations and ${downs} down scripts linted in ${dir}: ${problems.length ? `${problems.length} problems` : 'no problems'} (${findings.length - findings.filter((f) => !excused(f)).length} excused in lint-exceptions.json)`,
);
process.exit(problems.length ? 1 : 0);

/** squawk's findings (config: .squawk.toml, overridden by `flags`), as its JSON reporter gives them. */
function squawk(paths, flags = []) {
  if (paths.length === 0) return [];
  const run = spawnSync(process.execPath, [SQUAWK, '--reporter', 'json', ...flags, ...paths], { encoding: 'utf8' });
  if (run.error) throw run.error;
  try {
    return JSON.parse(run.stdout);
  } catch {
    console.error(run.stdout, run.stderr);
    throw new Error(`squawk exited ${run.status} without a report`);
  }
}

/** Drizzle skips a migration whose `when` is not newer than the last applied one, and its files are its tags. */
function journalProblems(dir, files) {
  const journal = readJson(join(dir, 'meta', '_journal.json'), undefined);
  if (!journal) return dir === 'migrations' ? [`${dir}/meta/_journal.json is missing`] : [];
  const problems = [];
  journal.entries.forEach((entry, index) => {
    const previous = journal.entries[index - 1];
    if (previous && !(entry.when > previous.when)) {
      problems.push(
        `${entry.tag}: its journal "when" (${entry.when}) is not after ${previous.tag}'s (${previous.when}): Drizzle's migrator would skip it`,
      );
    }
    if (!files.includes(`${entry.tag}.sql`)) problems.push(`${entry.tag}: in the journal, but ${entry.tag}.sql is missing`);
    if (!files.includes(`${entry.tag}${DOWN}`)) problems.push(`${entry.tag}: no down script ${entry.tag}${DOWN} (db:rollback needs one)`);
    if (entry.idx >= 4 && !DESCRIPTIVE.test(entry.tag)) problems.push(`${entry.tag}: name it NNNN_verb_object, e.g. 0005_add_posts_slug`);
  });
  for (const file of files) {
    const tag = file.endsWith(DOWN) ? file.slice(0, -DOWN.length) : file.slice(0, -'.sql'.length);
    if (!journal.entries.some((entry) => entry.tag === tag)) problems.push(`${file}: not in meta/_journal.json, so never applied`);
  }
  return problems;
}
