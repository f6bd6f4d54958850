import { env } from './app/instrument';
import { NestFactory } from '@nestjs/core';
import type { Server } from 'node:http';
import { Logger } from 'nestjs-pino';
import { appConfigFromEnv } from './app/app.config';
import { AppModule } from './app/app.module';
import { configureApp } from './http/pipeline';
import { createHttpAdapter } from './http/platform';
import { enableGracefulShutdown } from './app/shutdown';

async function bootstrap(): Promise<void> {
  const config = appConfigFromEnv(env);
  // bodyParser: false: configureApp parses bodies (bounded) and Better Auth reads its own.
  const adapter = await createHttpAdapter(config.platform ?? 'express', { trustProxy: config.trustProxy });
  const app = await NestFactory.create(AppModule.forRoot(config), adapter, { bodyParser: false, bufferLogs: true });
  const logger = app.get(Logger);
  app.useLogger(logger);
  await configureApp(app, {
    trustedOrigins: config.auth.trustedOrigins,
    swaggerPath: config.docs ? 'docs' : false,
  });
  enableGracefulShutdown(app, { timeoutMs: config.shutdownTimeoutMs, logger });
  // Fastify listens on localhost unless told otherwise; Express on every interface.
  if (config.platform === 'fastify') await app.listen(config.port, '0.0.0.0');
  else await app.listen(config.port);
  limitSlowClients(app.getHttpServer() as Server);
  logger.log(`Listening on http://localhost:${config.port}${config.docs ? ' (Swagger UI at /docs)' : ''}`, 'Bootstrap');
}

// Node's defaults let one client hold a socket for 60 s of headers and 5 minutes of body.
// Idle keep-alive sockets close after 5 s (a load balancer in front should idle out sooner).
function limitSlowClients(server: Server): void {
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
}

bootstrap().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
