import { parseLsn } from '../../infra/database/replicas/lsn';

/**
 * Read-your-writes with read replicas: a write answers with the WAL position it reached, and a
 * read that sends it back is served only by a replica that has replayed that far (else the primary).
 */
export const CONSISTENCY_TOKEN_HEADER = 'X-Consistency-Token';

/**
 * The position the header asks reads to wait for: 0 when absent. A token that does not parse
 * is `null`: the read goes to the primary. It is a hint, never a 400, so a stale or mangled
 * token cannot fail a read, nor be answered before authentication is.
 */
export function parseConsistencyToken(header: string | string[] | undefined): bigint | null {
  if (header === undefined) return 0n;
  return (typeof header === 'string' ? parseLsn(header.trim()) : undefined) ?? null;
}
