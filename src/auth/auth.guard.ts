import { CanActivate, ExecutionContext, Injectable, SetMetadata, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { AuthenticatedRequest } from './auth.types';
import { nodeRequest } from '../common/node-http';
import { readContext } from '../infra/database/replicas/read-context';
import { SessionLookup } from './session-lookup';

const OPTIONAL_AUTH = 'posts:optional-auth';

/** On a route behind {@link AuthGuard}: resolve the session when one is sent, but let anonymous callers in. */
export const OptionalAuth = () => SetMetadata(OPTIONAL_AUTH, true);

/**
 * Resolves the Better Auth session (cookie or bearer token) and puts its user on
 * the request; rejects with 401 unless the route is marked {@link OptionalAuth}.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionLookup,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // No credentials, no lookup: anonymous reads of public routes cost nothing here.
    const credentials = request.headers.authorization !== undefined || request.headers.cookie !== undefined;
    // On the primary even in a GET: a session signed in a moment ago may not be on a replica yet.
    const found = credentials ? await readContext.onPrimary(() => this.sessions.resolve(request.headers)) : null;
    request.user = found?.user ?? null;
    request.session = found?.session ?? null;
    // Fastify's request wraps Node's, where the request log and the error filter read the user.
    nodeRequest(request).user = request.user;
    if (found) return true;
    const optional = this.reflector.getAllAndOverride<boolean>(OPTIONAL_AUTH, [context.getHandler(), context.getClass()]);
    if (optional) return true;
    throw new UnauthorizedException('Sign in first: send the session cookie or an Authorization: Bearer <token> header');
  }
}
