// What other features may use of auth: the guard, the user decorator and their types.
export { AuthGuard, OptionalAuth } from './auth.guard';
export { CurrentUser } from './current-user.decorator';
export type { AuthUser, AuthSession, AuthenticatedRequest } from './auth.types';
