import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import type { AppConfig } from '../../src/app.config';
import { AppModule } from '../../src/app.module';
import { DATABASE_CONNECTION, DRIZZLE, type Database } from '../../src/database/database.constants';
import type { DatabaseConnection } from '../../src/database/database.connection';
import { configureApp } from '../../src/setup';
import { isolatedDatabase } from './test-database';

export interface SignedUpUser {
  id: string;
  name: string;
  email: string;
  password: string;
  token: string;
  /** `{ Authorization: 'Bearer …' }`, ready for supertest's `.set()`. */
  auth: { Authorization: string };
}

export interface TestApp {
  app: INestApplication;
  /** A supertest agent on the app's HTTP server. */
  http: () => TestAgent;
  db: Database;
  connection: DatabaseConnection;
  signUp(overrides?: Partial<Pick<SignedUpUser, 'name' | 'email' | 'password'>>): Promise<SignedUpUser>;
  close(): Promise<void>;
}

export const TEST_SECRET = 'test-secret-that-is-at-least-32-characters-long';

/**
 * The whole app on a database of its own, as main.ts wires it, not listening on a
 * port. Rate limits are off and logs silent unless `overrides` say otherwise.
 */
export async function createTestApp(overrides: Partial<AppConfig> = {}): Promise<TestApp> {
  const database = await isolatedDatabase();
  const config: AppConfig = {
    port: 0,
    database: database.options,
    auth: { secret: TEST_SECRET, baseURL: 'http://127.0.0.1:3000' },
    rateLimit: { enabled: false, perMinute: 1000, writesPerMinute: 1000 },
    logging: { level: 'silent' },
    shutdownTimeoutMs: 1000,
    ...overrides,
  };
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, logger: ['error', 'warn'] });
  await configureApp(app, { trustedOrigins: config.auth.trustedOrigins });
  await app.init();
  const http = () => request(app.getHttpServer());

  return {
    app,
    http,
    db: app.get<Database>(DRIZZLE),
    connection: app.get<DatabaseConnection>(DATABASE_CONNECTION),
    async signUp(overrides = {}) {
      const name = overrides.name ?? 'Test User';
      const email = overrides.email ?? `user-${randomUUID()}@example.com`;
      const password = overrides.password ?? 'correct horse battery staple';
      const response = await http().post('/api/auth/sign-up/email').send({ name, email, password });
      if (response.status !== 200) throw new Error(`sign-up failed: ${response.status} ${response.text}`);
      const token: string = response.body.token;
      return { id: response.body.user.id, name, email, password, token, auth: { Authorization: `Bearer ${token}` } };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
