/** Injection token of the options AuthModule was given. */
export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

export interface AuthModuleOptions {
  /** Signs cookies and tokens; at least 32 characters. */
  secret: string;
  /** Public URL of the service, e.g. http://localhost:3000. */
  baseURL: string;
  /** Where Better Auth's routes are mounted. Default `/api/auth`. */
  basePath?: string;
  /** Origins allowed to call with credentials (CORS and Better Auth's CSRF check). */
  trustedOrigins?: string[];
  /** Largest JSON body Better Auth's routes accept (configureApp's `bodyLimit` covers the rest). Default `1mb`. */
  bodyLimit?: string | number;
  /**
   * Better Auth's own limiter (stricter on sign-in and sign-up), counted in the
   * database so it holds across instances. Off unless `enabled`.
   */
  rateLimit?: { enabled: boolean; perMinute?: number };
  /**
   * Answer the common case of a session lookup (a validly signed token of a live session)
   * with one query instead of Better Auth's getSession. Default true; false hands every
   * lookup to Better Auth.
   */
  fastSessionLookup?: boolean;
}

export interface AuthModuleAsyncOptions {
  imports?: import('@nestjs/common').ModuleMetadata['imports'];
  inject?: import('@nestjs/common').FactoryProvider['inject'];
  useFactory: (...args: any[]) => AuthModuleOptions | Promise<AuthModuleOptions>;
}
