/** What both Express's request and Node's own carry (Fastify hands middleware the latter). */
export interface RequestTarget {
  originalUrl?: string;
  url?: string;
}

/** The request target as the client sent it, query string included (Express's `req.originalUrl`). */
export function requestTarget(request: RequestTarget): string {
  return request.originalUrl ?? request.url ?? '/';
}

/**
 * The path the client asked for, as sent, without the query string: what Express's `req.path`
 * gives app-level middleware, read from what every platform's request has.
 */
export function requestPath(request: RequestTarget): string {
  const target = requestTarget(request).split('?', 1)[0];
  if (target.startsWith('/')) return target;
  // An absolute-form target (`GET http://host/path`): its path, as Express's parser gives it.
  return URL.canParse(target) ? new URL(target).pathname : target || '/';
}
