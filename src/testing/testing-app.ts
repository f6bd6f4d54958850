import type { INestApplication, ModuleMetadata, NestApplicationOptions } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DATABASE_CONNECTION, DRIZZLE, type Database } from '../infra/database/database.constants';
import type { DatabaseConnection } from '../infra/database/database.connection';
import { DATABASE_MODULE_OPTIONS } from '../infra/database/database.module';
import type { DatabaseModuleOptions } from '../infra/database/database.options';
import { findProvider } from '../http/app-providers';
import { MOUNTED_ROUTES, type MountedRoutes } from '../http/mounted-routes';
import { configureApp, type ConfigureAppOptions } from '../http/pipeline';
import { createHttpAdapter, type HttpPlatform } from '../http/platform';
import { isolatedDatabase, type PostgresServer } from './isolated-database';

export interface SignedUpUser {
  id: string;
  name: string;
  email: string;
  password: string;
  token: string;
  /** `{ Authorization: 'Bearer …' }`, ready for supertest's `.set()`. */
  auth: { Authorization: string };
}

export interface TestingApp {
  app: INestApplication;
  /** A supertest agent on the app's HTTP server. */
  http: () => TestAgent;
  /** The Drizzle client of this app's own database. */
  db: Database;
  connection: DatabaseConnection;
  signUp(overrides?: Partial<Pick<SignedUpUser, 'name' | 'email' | 'password'>>): Promise<SignedUpUser>;
  close(): Promise<void>;
}

export interface TestingAppOptions {
  /** Your module(s); somewhere below them DatabaseModule and AuthModule must be imported. */
  imports: ModuleMetadata['imports'];
  /** Passed to configureApp (problem+json, validation, Swagger…). */
  setup?: ConfigureAppOptions;
  /**
   * Your own app setup, the one main.ts runs before listening (global prefix, pipes, and
   * configureApp itself), so tests boot the app as production does. Called instead of
   * `configureApp(app, setup)`.
   */
  configure?: (app: INestApplication) => void | Promise<void>;
  /**
   * The HTTP platform, as main.ts picks it. Default: HTTP_PLATFORM from the environment, else
   * `express`. `setup.trustProxy` is given to the adapter (createHttpAdapter).
   */
  platform?: HttpPlatform;
  /** What main.ts passes to NestFactory.create. Default `{ bodyParser: false }`, as configureApp asks. */
  appOptions?: NestApplicationOptions;
  /** Nest log levels. Default: errors and warnings. */
  logger?: false | ('error' | 'warn' | 'log' | 'debug' | 'verbose' | 'fatal')[];
  /** Use this database instead of an isolated one. */
  database?: DatabaseModuleOptions;
  /** More DatabaseModule options for the isolated database, e.g. `{ queryTimeoutMs: 500 }`. */
  databaseOptions?: Partial<DatabaseModuleOptions>;
  /**
   * PostgreSQL server to clone test databases on (a URL, or a pooler and the server behind it);
   * default DATABASE_URL if it is postgres:// (with DATABASE_POOLER and DATABASE_DIRECT_URL), else PGlite.
   */
  postgresUrl?: string | PostgresServer;
}

/**
 * Boots `imports` (e.g. your AppModule) as a Nest app on a database of its own —
 * in-memory PGlite, or a fresh database on PostgreSQL when DATABASE_URL is set —
 * with migrations applied, globally set up like production, not listening.
 */
export async function createTestingApp(options: TestingAppOptions): Promise<TestingApp> {
  if (options.configure && options.setup)
    throw new Error('createTestingApp takes `setup` or `configure`, not both: pass your options to configureApp inside `configure`');
  const database = options.database ? undefined : await isolatedDatabase(options.postgresUrl);
  const moduleRef = await Test.createTestingModule({ imports: options.imports })
    .overrideProvider(DATABASE_MODULE_OPTIONS)
    .useValue(options.database ?? { ...database!.options, ...options.databaseOptions })
    .compile();
  const platform = options.platform ?? testingPlatform();
  // trust proxy is the adapter's on Fastify: given there on both platforms.
  const { trustProxy, ...setup } = options.setup ?? {};
  const adapter = await createHttpAdapter(platform, { trustProxy });
  const app = moduleRef.createNestApplication(adapter, {
    bodyParser: false,
    logger: options.logger ?? ['error', 'warn'],
    ...options.appOptions,
  });
  try {
    if (options.configure) await options.configure(app);
    else await configureApp(app, setup);
    await app.init();
    // Fastify routes nothing until it is ready; listen() would wait for it too.
    if (platform === 'fastify') await (app.getHttpAdapter().getInstance() as { ready(): Promise<unknown> }).ready();
  } catch (error) {
    // A setup that fails leaves nothing behind: no open database, no leftover test database.
    await app.close().catch(() => undefined);
    await database?.drop();
    throw error;
  }
  const http = () => request(app.getHttpServer());
  // Better Auth's path as AuthModule mounted it: its `basePath` option is the only place it is set.
  const authBasePath = findProvider<MountedRoutes>(app, MOUNTED_ROUTES)?.basePath;

  return {
    app,
    http,
    db: app.get<Database>(DRIZZLE, { strict: false }),
    connection: app.get<DatabaseConnection>(DATABASE_CONNECTION, { strict: false }),
    async signUp(overrides = {}) {
      const name = overrides.name ?? 'Test User';
      const email = overrides.email ?? `user-${randomUUID()}@example.com`;
      const password = overrides.password ?? 'correct horse battery staple';
      if (!authBasePath) throw new Error('signUp() needs AuthModule among the imports given to createTestingApp');
      const response = await http().post(`${authBasePath}/sign-up/email`).send({ name, email, password });
      if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${response.text}`);
      const token: string = response.body.token;
      return { id: response.body.user.id, name, email, password, token, auth: { Authorization: `Bearer ${token}` } };
    },
    async close() {
      await app.close();
      await database?.drop();
    },
  };
}

/** HTTP_PLATFORM of the environment, so one suite runs on either platform. */
function testingPlatform(): HttpPlatform {
  const platform = process.env.HTTP_PLATFORM ?? 'express';
  if (platform !== 'express' && platform !== 'fastify') throw new Error(`HTTP_PLATFORM must be express or fastify, not ${platform}`);
  return platform;
}
