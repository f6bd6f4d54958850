import type { BetterAuthInstance } from './better-auth.factory';

export type AuthSession = BetterAuthInstance['$Infer']['Session'];
/** The signed-in user, as Better Auth returns it. */
export type AuthUser = AuthSession['user'];

/** What the guard leaves on the request. */
export interface AuthenticatedRequest {
  headers: Record<string, string | string[] | undefined>;
  user?: AuthUser | null;
  session?: AuthSession['session'] | null;
}
