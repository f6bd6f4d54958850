import { parseLsn } from '../../infra/database/replicas/lsn';
import { RequestValidationException } from '../validation/request-validation.exception';

/**
 * Read-your-writes with read replicas: a write answers with the WAL position it reached, and a
 * read that sends it back is served only by a replica that has replayed that far (else the primary).
 */
export const CONSISTENCY_TOKEN_HEADER = 'X-Consistency-Token';
/** What the token looks like (PostgreSQL's `16/B374D848`), for the OpenAPI document; clients treat it as opaque. */
export const CONSISTENCY_TOKEN_PATTERN = '^[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}$';

/** The position the header asks reads to wait for: 0 when absent; a malformed token is a 400. */
export function parseConsistencyToken(header: string | string[] | undefined): bigint {
  if (header === undefined) return 0n;
  const position = typeof header === 'string' ? parseLsn(header.trim()) : undefined;
  if (position === undefined) {
    throw new RequestValidationException('header', [
      {
        path: CONSISTENCY_TOKEN_HEADER,
        code: 'invalid_format',
        message: `${CONSISTENCY_TOKEN_HEADER} must be a token from an earlier response's ${CONSISTENCY_TOKEN_HEADER} header`,
      },
    ]);
  }
  return position;
}
