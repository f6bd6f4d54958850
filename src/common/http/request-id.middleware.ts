import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';

export const REQUEST_ID_HEADER = 'x-request-id';
// Echo only ids that are safe in a header and a log line.
const SAFE_ID = /^[\w.:@/+=-]{1,128}$/;

export interface RequestWithId {
  id?: string;
}

export function requestId() {
  return (request: Request & RequestWithId, response: Response, next: NextFunction): void => {
    const sent = request.headers[REQUEST_ID_HEADER];
    const id = typeof sent === 'string' && SAFE_ID.test(sent) ? sent : randomUUID();
    request.id = id;
    response.setHeader('X-Request-Id', id);
    next();
  };
}
