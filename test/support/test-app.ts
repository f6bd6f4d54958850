import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../../src/app/app.config';
import { AppModule } from '../../src/app/app.module';
import { findProvider } from '../../src/http/app-providers';
import { MOUNTED_ROUTES, type MountedRoutes } from '../../src/http/mounted-routes';
import { createOpenApiDocument } from '../../src/http/openapi/swagger';
import { createTestingApp, type SignedUpUser, type TestingApp, type TestingAppOptions } from '../../src/testing';
import { checkedHttp } from './checked-http';
import { OpenApiContract } from './openapi-contract';

export type TestApp = TestingApp;
export type { SignedUpUser };

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

// CI runs the suite a second time on the libraries' own paths (see .ci/run): these switches
// reach the built app through its environment, and the in-process app through here.
const switches = {
  fastSessionLookup: process.env.AUTH_FAST_SESSION_LOOKUP !== 'false',
  directTransactions: process.env.DATABASE_DIRECT_TRANSACTIONS !== 'false',
};

/**
 * The standalone app, as main.ts wires it, on a database of its own through the
 * testing kit (src/testing), not listening. Rate limits are off and logs silent
 * unless `overrides` say otherwise; `postgresUrl` picks the server its database is
 * cloned on (default: DATABASE_URL if it is postgres://, else PGlite); `configure` and
 * `appOptions` set the app up as a host's main.ts would. Every response its `http()`
 * receives is checked against the app's OpenAPI document (see checked-http.ts).
 */
export async function createTestApp(
  overrides: Partial<AppConfig> = {},
  { postgresUrl, configure, appOptions }: Pick<TestingAppOptions, 'postgresUrl' | 'configure' | 'appOptions'> = {},
): Promise<TestApp> {
  const config: AppConfig = {
    port: 0,
    // Replaced by the kit's isolated database unless a test brings its own.
    database: {},
    auth: { secret: TEST_SECRET, baseURL: 'http://127.0.0.1:3000' },
    rateLimit: { enabled: false, perMinute: 1000, writesPerMinute: 1000 },
    logging: { level: 'silent' },
    shutdownTimeoutMs: 1000,
    metrics: {},
    docs: true,
    ...overrides,
  };
  config.auth = { fastSessionLookup: switches.fastSessionLookup, ...config.auth };
  const t = await createTestingApp({
    imports: [AppModule.forRoot(config)],
    database: overrides.database,
    databaseOptions: { directTransactions: switches.directTransactions },
    postgresUrl,
    appOptions,
    ...(configure ? { configure } : { setup: { trustedOrigins: config.auth.trustedOrigins } }),
  });
  let contract: Promise<OpenApiContract> | undefined;
  return { ...t, http: checkedHttp(t.app.getHttpServer(), () => (contract ??= documentOf(t))) };
}

/**
 * The app's document, built in-process as /docs-json builds it (a request for it would
 * count against rate limits and metrics the tests measure).
 */
async function documentOf(t: TestingApp): Promise<OpenApiContract> {
  return new OpenApiContract(await createOpenApiDocument(t.app), findProvider<MountedRoutes>(t.app, MOUNTED_ROUTES)?.basePath);
}

/** Starts `t` listening on a free port of 127.0.0.1, for clients that need a real URL; returns its base URL. */
export async function listenForClients(t: TestApp): Promise<string> {
  await t.app.listen(0, '127.0.0.1');
  return `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
}
