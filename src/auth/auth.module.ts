import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule as BetterAuthModule } from '@thallesp/nestjs-better-auth';
import { DRIZZLE, type Database } from '../database/database.constants';
import { isJsonContentType } from '../common/http/json-content-type';
import { rejectDeepJson } from '../common/http/json-depth';
import { AuthGuard } from './auth.guard';
import type { AuthModuleAsyncOptions, AuthModuleOptions } from './auth.options';
import { authRequestMiddleware } from './auth-body.middleware';
import { createBetterAuth } from './better-auth.factory';
import { SessionLookup } from './session-lookup';

/**
 * Better Auth (email + password, bearer tokens) on the app's Drizzle client,
 * mounted at `/api/auth`. Needs DatabaseModule, and the Nest app created with
 * `bodyParser: false`: this module re-adds JSON parsing for every other route.
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
        BetterAuthModule.forRootAsync({
          imports: options.imports,
          inject: [DRIZZLE, ...(options.inject ?? [])],
          useFactory: async (db: Database, ...args: unknown[]) => {
            const resolved = await options.useFactory(...args);
            const bodyLimit = resolved.bodyLimit ?? '1mb';
            return {
              auth: createBetterAuth(db, resolved),
              // CORS is configured once for the whole app (see configureApp).
              disableTrustedOriginsCors: true,
              // strict: false — a `null` body is valid JSON; validation then says what is wrong with it.
              bodyParser: {
                json: { limit: bodyLimit, type: isJsonContentType, strict: false, verify: rejectDeepJson },
                urlencoded: { enabled: false },
              },
              middleware: authRequestMiddleware(bodyLimit),
            };
          },
          disableGlobalAuthGuard: true,
        }),
      ],
      providers: [AuthGuard, SessionLookup],
      exports: [AuthGuard, SessionLookup, BetterAuthModule],
    };
  }
}
