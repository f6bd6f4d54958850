// The two builds a schema change meets in production: the release before the migration, which
// serves while it runs, and this checkout, whose migrate CLI applies it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, log } from '../config.mjs';

const made = [];
process.on('exit', () => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const git = (...args) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).trim();

/** The newest migration's tag: the one measured. */
export function newestMigration() {
  const journal = JSON.parse(readFileSync(path.join(ROOT, 'migrations', 'meta', '_journal.json'), 'utf8'));
  return journal.entries.at(-1).tag;
}

/** This checkout's dist/ and migrations/, copied (a rebuild during the run cannot change them). */
export function currentBuild() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migration-bench-now-'));
  made.push(dir);
  cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  cpSync(path.join(ROOT, 'migrations'), path.join(dir, 'migrations'), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

/**
 * The release before `tag`: BENCH_FROM (a git revision), by default the parent of the commit
 * that added migrations/<tag>.sql, built from git into a folder of its own with this checkout's node_modules.
 */
export function previousBuild(tag) {
  const from = process.env.BENCH_FROM || `${git('log', '-1', '--format=%H', '--diff-filter=A', '--', `migrations/${tag}.sql`)}^`;
  if (from === '^') throw new Error(`migrations/${tag}.sql is not committed: commit it, or name the release before it with BENCH_FROM`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'migration-bench-before-'));
  made.push(dir);
  const files = ['src', 'migrations', 'package.json', 'tsconfig.json', 'tsconfig.build.json', 'nest-cli.json'];
  execFileSync('sh', ['-c', `git -C "${ROOT}" archive "${from}" ${files.join(' ')} | tar -x -C "${dir}"`]);
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const t = Date.now();
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules', '.bin', 'nest'), 'build', '-p', 'tsconfig.build.json'], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  log(
    `release before ${tag}: ${git('log', '-1', '--format=%h %s', from).slice(0, 90)}, built in ${((Date.now() - t) / 1000).toFixed(1)} s`,
  );
  return dir;
}
