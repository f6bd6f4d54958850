import type { MigrationFile, MigrationRecord } from './migration-records';

export type MigrationState = 'applied' | 'pending' | 'changed' | 'skipped';

export interface MigrationStatus {
  migrations: { tag: string; when: number; state: MigrationState }[];
  /** Records of migrations this release does not ship: a newer release applied them. */
  unknown: MigrationRecord[];
  /** 0 up to date, 1 migrations pending, 2 inconsistent (changed, skipped or unknown migrations). */
  exitCode: 0 | 1 | 2;
}

/**
 * Where the database stands against `files`. A file whose hash is not recorded was edited if a
 * record has its `when` under another hash, would be skipped by Drizzle's migrator if its `when`
 * is not after the newest record's, and is pending otherwise.
 */
export function migrationStatus(files: MigrationFile[], records: MigrationRecord[]): MigrationStatus {
  const recorded = new Set(records.map((record) => record.hash));
  const shipped = new Set(files.map((file) => file.hash));
  const strangers = records.filter((record) => !shipped.has(record.hash));
  const newest = Math.max(0, ...records.map((record) => record.when));
  const migrations = files.map((file) => {
    if (recorded.has(file.hash)) return { tag: file.tag, when: file.when, state: 'applied' as const };
    if (strangers.some((record) => record.when === file.when)) return { tag: file.tag, when: file.when, state: 'changed' as const };
    return { tag: file.tag, when: file.when, state: file.when <= newest ? ('skipped' as const) : ('pending' as const) };
  });
  const unknown = strangers.filter((record) => !files.some((file) => file.when === record.when));
  const inconsistent = unknown.length > 0 || migrations.some((m) => m.state === 'changed' || m.state === 'skipped');
  return { migrations, unknown, exitCode: inconsistent ? 2 : migrations.some((m) => m.state === 'pending') ? 1 : 0 };
}

const STATES: Record<MigrationState, string> = {
  applied: 'applied',
  pending: 'pending',
  changed: 'CHANGED since it was applied (its hash is not the recorded one)',
  skipped: 'SKIPPED: its journal "when" is not after the newest applied migration, so Drizzle will never apply it',
};

/** One line per migration, then the unknown ones and the verdict. */
export function formatMigrationStatus(status: MigrationStatus, table: string): string[] {
  const date = (when: number) => new Date(when).toISOString().slice(0, 16).replace('T', ' ');
  return [
    `${'migration'.padEnd(40)} ${'written (UTC)'.padEnd(16)}  state`,
    ...status.migrations.map((m) => `${m.tag.padEnd(40)} ${date(m.when)}  ${STATES[m.state]}`),
    ...status.unknown.map((r) => `${`(unknown ${r.hash.slice(0, 12)})`.padEnd(40)} ${date(r.when)}  applied by a newer release`),
    [
      `Up to date: every migration recorded in ${table}.`,
      `Pending: ${status.migrations.filter((m) => m.state === 'pending').length} to apply (npm run db:migrate).`,
      'Inconsistent: the database and migrations/ disagree (see above).',
    ][status.exitCode],
  ];
}
