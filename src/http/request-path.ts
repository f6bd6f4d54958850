import type { Request } from 'express';

/** The path the client asked for, as sent, without the query string. */
export function requestPath(request: Request): string {
  return request.originalUrl.split('?', 1)[0] || '/';
}
