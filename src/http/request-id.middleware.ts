import { randomUUID } from 'node:crypto';
import type { Next, NodeRequest, NodeResponse } from '../common/node-http';

export const REQUEST_ID_HEADER = 'x-request-id';
// Echo only ids that are safe in a header and a log line.
const SAFE_ID = /^[\w.:@/+=-]{1,128}$/;

/** The id a request is known by: the one it sent in X-Request-Id when safe, else a new one. */
export function requestIdOf(request: Pick<NodeRequest, 'headers'>): string {
  const sent = request.headers[REQUEST_ID_HEADER];
  return typeof sent === 'string' && SAFE_ID.test(sent) ? sent : randomUUID();
}

export function requestId() {
  return (request: NodeRequest, response: NodeResponse, next: Next): void => {
    const id = requestIdOf(request);
    request.id = id;
    response.setHeader('X-Request-Id', id);
    next();
  };
}
