import type { Next, NodeRequest, NodeResponse } from '../../common/node-http';
import { readContext, type ReadTarget } from '../../infra/database/replicas/read-context';
import { requestPath } from '../../common/request-path';
import { CONSISTENCY_TOKEN_HEADER, parseConsistencyToken } from './consistency-token';

const TOKEN_HEADER = CONSISTENCY_TOKEN_HEADER.toLowerCase();

export interface ReadConsistencyOptions {
  /** Without replicas every read is the primary's: the token is only checked. */
  withReplicas: boolean;
  /** Paths left alone: Better Auth's (always the primary) and the health probes. */
  skip: (path: string) => boolean;
  /** Told where each GET's reads ran (metrics). */
  count?: (servedBy: ReadonlySet<ReadTarget>) => void;
}

/**
 * Read-your-writes with replicas. A GET's plain reads may go to a replica that has replayed
 * the client's `X-Consistency-Token` (route-reads.ts); anything else reads the primary; a
 * request that commits a write answers with that write's token. After the body parsers, so
 * the request's whole handling runs inside its context. A token that does not parse sends the
 * request's reads to the primary.
 */
export function readConsistency(options: ReadConsistencyOptions) {
  return (request: NodeRequest, response: NodeResponse, next: Next): void => {
    if (options.skip(requestPath(request))) return next();
    if (!options.withReplicas) return next();
    const after = parseConsistencyToken(request.headers[TOKEN_HEADER]);
    const reading = request.method === 'GET' || request.method === 'HEAD';
    const context = {
      replicaAllowed: reading && after !== null,
      after: after ?? 0n,
      servedBy: new Set<ReadTarget>(),
      wrote: (position: string) => {
        if (!response.headersSent) response.setHeader(CONSISTENCY_TOKEN_HEADER, position);
      },
    };
    if (reading && options.count) response.once('finish', () => options.count!(context.servedBy));
    readContext.run(context, next);
  };
}
