import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule as BetterAuthModule } from '@thallesp/nestjs-better-auth';
import { DRIZZLE, type Database } from '../infra/database/database.constants';
import { MOUNTED_ROUTES } from '../http/mounted-routes';
import { AuthGuard } from './auth.guard';
import { AUTH_OPTIONS, type AuthModuleAsyncOptions, type AuthModuleOptions } from './auth.options';
import { authRequestMiddleware } from './auth-body.middleware';
import { createBetterAuth } from './better-auth.factory';
import { BetterAuthRoutes } from './better-auth.routes';
import { SessionLookup } from './session-lookup';
import { SessionsRepository } from './sessions.repository';

/**
 * Better Auth (email + password, bearer tokens) on the app's Drizzle client, mounted at
 * `basePath` (default `/api/auth`). Needs DatabaseModule; `configureApp` finds its routes
 * through MOUNTED_ROUTES and leaves their bodies and errors to it.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthModuleOptions): DynamicModule {
    return this.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: AuthModuleAsyncOptions): DynamicModule {
    return {
      module: AuthModule,
      global: true,
      imports: [
        ...(options.imports ?? []),
        BetterAuthModule.forRootAsync({
          // AUTH_OPTIONS comes from this module, which is global.
          inject: [DRIZZLE, AUTH_OPTIONS],
          useFactory: (db: Database, resolved: AuthModuleOptions) => {
            const bodyLimit = resolved.bodyLimit ?? '1mb';
            return {
              auth: createBetterAuth(db, resolved),
              // CORS is configured once for the whole app (see configureApp).
              disableTrustedOriginsCors: true,
              // configureApp parses every other route's body; Better Auth's are read in authRequestMiddleware.
              bodyParser: { json: { enabled: false }, urlencoded: { enabled: false } },
              middleware: authRequestMiddleware(bodyLimit),
            };
          },
          disableGlobalAuthGuard: true,
        }),
      ],
      providers: [
        { provide: AUTH_OPTIONS, inject: options.inject ?? [], useFactory: options.useFactory },
        AuthGuard,
        SessionLookup,
        SessionsRepository,
        { provide: MOUNTED_ROUTES, useClass: BetterAuthRoutes },
      ],
      exports: [AUTH_OPTIONS, AuthGuard, SessionLookup, BetterAuthModule, MOUNTED_ROUTES],
    };
  }
}
