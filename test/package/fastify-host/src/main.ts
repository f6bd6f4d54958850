import { NestFactory } from '@nestjs/core';
import { createHttpAdapter } from 'nest-drizzle-posts';
import { AppModule } from './app.module';
import { setUpApp } from './setup';

async function bootstrap() {
  // Fastify, routing as Express does; configureApp parses JSON bodies itself (Better Auth reads its own).
  const app = await NestFactory.create(AppModule, await createHttpAdapter('fastify'), { bodyParser: false });
  await setUpApp(app);
  app.enableShutdownHooks();
  // Fastify listens on localhost unless given a host.
  await app.listen(process.env.PORT ?? 4000, '0.0.0.0');
}
void bootstrap();
