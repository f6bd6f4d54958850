import { type DynamicModule, Inject, Module, type NestModule } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { AuthModule as BetterAuthModule, AuthService } from '@thallesp/nestjs-better-auth';
import { toNodeHandler } from 'better-auth/node';
import { nodeRequest, nodeResponse, type Next, type NodeRequest } from '../common/node-http';
import { requestPath } from '../common/request-path';
import { DRIZZLE, type Database } from '../infra/database/database.constants';
import { isUnder, MOUNTED_ROUTES } from '../http/mounted-routes';
import { AuthGuard } from './auth.guard';
import { AUTH_OPTIONS, type AuthModuleAsyncOptions, type AuthModuleOptions } from './auth.options';
import { authRequestMiddleware } from './auth-body.middleware';
import { createBetterAuth, type BetterAuthInstance } from './better-auth.factory';
import { BetterAuthRoutes } from './better-auth.routes';
import { SessionLookup } from './session-lookup';
import { sessionRequiredRoutes } from './session-required-routes';
import { SessionsRepository } from './sessions.repository';

/**
 * Better Auth (email + password, bearer tokens) on the app's Drizzle client, mounted at
 * `basePath` (default `/api/auth`). Needs DatabaseModule; `configureApp` finds its routes
 * through MOUNTED_ROUTES and leaves their bodies and errors to it.
 */
@Module({})
export class AuthModule implements NestModule {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: AuthService<BetterAuthInstance>,
    @Inject(AUTH_OPTIONS) private readonly options: AuthModuleOptions,
    private readonly sessions: SessionLookup,
  ) {}

  /**
   * Mounts Better Auth's handler as app-level middleware, after configureApp's pipeline, the
   * same way on Express and Fastify (the library's own mount replaces Fastify's body parsers).
   */
  configure(): void {
    const basePath = this.auth.instance.options.basePath!;
    const handle = toNodeHandler(this.auth.instance);
    const needsSession = sessionRequiredRoutes(this.auth.instance.api);
    const lacksSession = async (request: NodeRequest) =>
      needsSession.has(`${request.method} ${requestPath(request).slice(basePath.length)}`) &&
      !(await this.sessions.resolve(request.headers));
    const guard = authRequestMiddleware(this.options.bodyLimit ?? '1mb', lacksSession);
    this.adapterHost.httpAdapter.use((req: object, res: object, next: Next) => {
      const request = nodeRequest(req);
      if (!isUnder(requestPath(request), basePath)) return next();
      const response = nodeResponse(res);
      guard(request, response, () => handle(request, response)).catch(next);
    });
  }

  static forRoot(options: AuthModuleOptions): DynamicModule {
    return this.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    const betterAuth = BetterAuthModule.forRootAsync({
      // AUTH_OPTIONS comes from this module, which is global.
      inject: [DRIZZLE, AUTH_OPTIONS],
      useFactory: (db: Database, resolved: AuthModuleOptions) => ({
        auth: createBetterAuth(db, resolved),
        // CORS is configured once for the whole app (see configureApp).
        disableTrustedOriginsCors: true,
      }),
      disableGlobalAuthGuard: true,
      // Mounted by this module's configure() instead; its bodies are read in authRequestMiddleware.
      disableControllers: true,
    });
    return {
      module: AuthModule,
      global: true,
      imports: [...(options.imports ?? []), betterAuth],
      providers: [
        { provide: AUTH_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        AuthGuard,
        SessionLookup,
        SessionsRepository,
        { provide: MOUNTED_ROUTES, useClass: BetterAuthRoutes },
      ],
      // With disableControllers the library's module is a class of its own: that one is exported.
      exports: [AUTH_OPTIONS, AuthGuard, SessionLookup, betterAuth.module, MOUNTED_ROUTES],
    };
  }
}
