import { freshSessionMiddleware, sensitiveSessionMiddleware, sessionMiddleware } from 'better-auth/api';

const SESSION_MIDDLEWARES: unknown[] = [sessionMiddleware, sensitiveSessionMiddleware, freshSessionMiddleware];

type Endpoint = { path?: string; options?: { method?: string | string[]; use?: unknown[] } };

/**
 * Better Auth's routes that need a session, as `METHOD /path` under its base path: those whose
 * endpoint runs one of its session middlewares. Better Auth checks the body before the session;
 * knowing these lets the mount answer 401 first, in the contract's order.
 */
export function sessionRequiredRoutes(api: Record<string, unknown>): Set<string> {
  const routes = new Set<string>();
  for (const endpoint of Object.values(api) as Endpoint[]) {
    if (!endpoint?.path || !endpoint.options?.use?.some((middleware) => SESSION_MIDDLEWARES.includes(middleware))) continue;
    for (const method of [endpoint.options.method ?? []].flat()) routes.add(`${method} ${endpoint.path}`);
  }
  return routes;
}
