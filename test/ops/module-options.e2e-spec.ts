import { Controller, Get, Inject, Injectable, Module } from '@nestjs/common';
import { DatabaseModule } from '../../src/infra/database/database.module';
import { LoggingModule } from '../../src/infra/logging/logging.module';
import { MetricsModule } from '../../src/infra/metrics/metrics.module';
import { RateLimitModule } from '../../src/infra/rate-limit/rate-limit.module';
import { createTestingApp, type TestingApp } from '../../src/testing';
import { expectProblem } from '../support/problem';

// A host's own configuration service, as @nestjs/config's would be: the modules get their
// options from it through forRootAsync, and never from process.env.
@Injectable()
class HostConfig {
  readonly lines: string[] = [];
  readonly requestsPerMinute = 3;
  readonly metricsPath = '/internal/stats';
}

@Module({ providers: [HostConfig], exports: [HostConfig] })
class HostConfigModule {}

@Controller('notes')
class NotesController {
  constructor(@Inject(HostConfig) private readonly config: HostConfig) {}

  @Get()
  list() {
    return { limit: this.config.requestsPerMinute };
  }
}

@Module({
  imports: [
    HostConfigModule,
    DatabaseModule.forRoot({}),
    LoggingModule.forRootAsync({
      imports: [HostConfigModule],
      inject: [HostConfig],
      useFactory: (config: HostConfig) => ({ level: 'info', destination: { write: (line: string) => void config.lines.push(line) } }),
    }),
    RateLimitModule.forRootAsync({
      imports: [HostConfigModule],
      inject: [HostConfig],
      useFactory: async (config: HostConfig) => ({ enabled: true, perMinute: config.requestsPerMinute, writesPerMinute: 1 }),
    }),
    MetricsModule.forRootAsync({
      imports: [HostConfigModule],
      inject: [HostConfig],
      useFactory: (config: HostConfig) => ({ path: config.metricsPath }),
    }),
  ],
  controllers: [NotesController],
})
class HostModule {}

describe('RateLimitModule, LoggingModule and MetricsModule configured by forRootAsync', () => {
  let t: TestingApp;
  let config: HostConfig;

  beforeAll(async () => {
    t = await createTestingApp({ imports: [HostModule], setup: { swaggerPath: false, trustProxy: true } });
    config = t.app.get(HostConfig);
  });
  afterAll(() => t?.close());

  it('limits requests with the limit the factory gave', async () => {
    // A client of its own (the limiter counts per address), whatever the other tests spent.
    const client = () => t.http().get('/notes').set('X-Forwarded-For', '203.0.113.7');
    for (let i = 0; i < 3; i++) expect((await client()).status).toBe(200);
    expectProblem(await client(), 429, '/notes');
    // Counted by the address the proxy forwarded (trustProxy), so another client still gets through.
    expect((await t.http().get('/notes').set('X-Forwarded-For', '203.0.113.9')).status).toBe(200);
  });

  it('logs each request to the destination the factory gave', async () => {
    await t.http().get('/notes').set('X-Request-Id', 'from-async-options');
    const lines = config.lines.map((line) => JSON.parse(line) as { req?: { id: string; url: string } });
    expect(lines.filter((line) => line.req?.id === 'from-async-options')).toEqual([
      expect.objectContaining({ req: expect.objectContaining({ url: '/notes' }) }),
    ]);
  });

  it('serves metrics at the path the factory gave', async () => {
    await t.http().get('/notes').set('X-Forwarded-For', '203.0.113.8');
    const response = await t.http().get('/internal/stats').set('X-Forwarded-For', '203.0.113.8');
    expect(response.status).toBe(200);
    expect(response.text).toContain('http_requests_total{method="GET",route="/notes",status="200"}');
    expect((await t.http().get('/metrics').set('X-Forwarded-For', '203.0.113.8')).status).toBe(404);
  });
});
