import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { appConfigFromEnv } from './app.config';
import { AppModule } from './app.module';
import { InvalidEnvironmentError, parseEnv } from './config/env';
import { configureApp } from './setup';

async function bootstrap(): Promise<void> {
  const config = appConfigFromEnv(parseEnv());
  // Better Auth reads its own bodies; AuthModule re-adds JSON parsing for every other route.
  const app = await NestFactory.create(AppModule.forRoot(config), { bodyParser: false });
  await configureApp(app, { trustedOrigins: config.auth.trustedOrigins });
  app.enableShutdownHooks();
  await app.listen(config.port);
  new Logger('Bootstrap').log(`Listening on http://localhost:${config.port} (Swagger UI at /docs)`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidEnvironmentError) console.error(error.message);
  else new Logger('Bootstrap').error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
