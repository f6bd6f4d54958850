export interface SnapshotQuery {
  sql: string;
  params: unknown[];
}
export function readSqlSnapshot(name: string): Map<string, SnapshotQuery>;
export function snapshotQuery(snapshot: string, name: string, values?: Map<unknown, unknown>): SnapshotQuery;
