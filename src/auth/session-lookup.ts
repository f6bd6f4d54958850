import { Inject, Injectable } from '@nestjs/common';
import { AuthService } from '@thallesp/nestjs-better-auth';
import { fromNodeHeaders } from 'better-auth/node';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthSession } from './auth.types';
import type { BetterAuthInstance } from './better-auth.factory';
import { AUTH_OPTIONS, type AuthModuleOptions } from './auth.options';
import { bearerToken, cookieToken } from './session-token';
import { SessionsRepository } from './sessions.repository';

/** What the fast path needs from Better Auth's context, read once. */
interface SessionSettings {
  secret: string;
  cookieName: string;
  expiresInMs: number;
  updateAgeMs: number;
  refreshDisabled: boolean;
}

/**
 * The session a request carries, as Better Auth's `getSession` would return it. The common
 * case (a validly signed token of a live session not yet due for Better Auth's sliding
 * refresh) is answered with one query, since getSession costs more CPU than the rest of a
 * write (README, "Performance"); every other case goes to Better Auth, the authority.
 * Nothing is cached: a sign-out counts at once. `fastSessionLookup: false` turns it off.
 */
@Injectable()
export class SessionLookup {
  private settings?: Promise<SessionSettings>;
  private readonly fast: boolean;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly auth: AuthService<BetterAuthInstance>,
    @Inject(AUTH_OPTIONS) options: AuthModuleOptions,
  ) {
    this.fast = options.fastSessionLookup ?? true;
  }

  async resolve(headers: IncomingHttpHeaders): Promise<AuthSession | null> {
    if (!this.fast) return this.betterAuth(headers);
    const settings = await (this.settings ??= this.readSettings());
    const token = bearerToken(headers.authorization, settings.secret) ?? cookieToken(headers.cookie, settings);
    if (token === undefined) return this.betterAuth(headers);
    const row = await this.sessions.findByToken(token);
    if (!row) return null;
    const { session, user } = row;
    const now = Date.now();
    const expiresAt = session.expiresAt.getTime();
    const dueForRefresh = !settings.refreshDisabled && expiresAt - settings.expiresInMs + settings.updateAgeMs <= now;
    if (expiresAt < now || dueForRefresh) return this.betterAuth(headers);
    return { session, user } as AuthSession;
  }

  private betterAuth(headers: IncomingHttpHeaders): Promise<AuthSession | null> {
    return this.auth.api.getSession({ headers: fromNodeHeaders(headers) });
  }

  private async readSettings(): Promise<SessionSettings> {
    const context = await this.auth.instance.$context;
    return {
      secret: context.secret,
      cookieName: context.authCookies.sessionToken.name,
      expiresInMs: context.sessionConfig.expiresIn * 1000,
      updateAgeMs: context.sessionConfig.updateAge * 1000,
      refreshDisabled: (context.options.session as { disableSessionRefresh?: boolean }).disableSessionRefresh === true,
    };
  }
}
