import { mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** A written backup: where, how large, how long it took. */
export interface BackupReport {
  path: string;
  bytes: number;
  ms: number;
}

/** The extension says which driver wrote it: `pg_dump -Fc` or PGlite's gzipped data dir. */
export const BACKUP_EXTENSIONS = { postgres: '.dump', pglite: '.tar.gz' } as const;

/**
 * `<dir>/<UTC time>_<range><ext>`, e.g. `backups/2026-12-02T19-55-49Z_0004-to-0005.dump`: the time
 * sorts, the range says which migrations ran after it (`at-0004` for a backup on its own).
 */
export function backupPath(dir: string, driver: keyof typeof BACKUP_EXTENSIONS, range: string, now = new Date()): string {
  const time = now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '-');
  return join(resolve(dir), `${time}_${range}${BACKUP_EXTENSIONS[driver]}`);
}

/** `0004-to-0005`, from the newest applied migration (if any) to the newest pending one. */
export function migrationRange(current: string | undefined, target?: string): string {
  const number = (tag: string | undefined) => tag?.slice(0, 4) ?? 'empty';
  return target === undefined ? `at-${number(current)}` : `${number(current)}-to-${number(target)}`;
}

/** Runs `write` for `path` (its folder created first) and reports the file written. */
export async function timedBackup(path: string, write: (path: string) => Promise<void>): Promise<BackupReport> {
  mkdirSync(dirname(path), { recursive: true });
  const started = Date.now();
  await write(path);
  return { path, bytes: statSync(path).size, ms: Date.now() - started };
}

/** `12.3 MB`: for log lines. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  const power = Math.min(units.length - 1, Math.floor(Math.log10(Math.max(bytes, 1)) / 3));
  return `${(bytes / 1000 ** power).toFixed(power === 0 ? 0 : 1)} ${units[power]}`;
}
