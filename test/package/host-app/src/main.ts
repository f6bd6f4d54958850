import { NestFactory } from '@nestjs/core';
import { configureApp } from 'nest-drizzle-posts';
import { AppModule } from './app.module';

async function bootstrap() {
  // configureApp parses JSON bodies itself (Better Auth reads its own).
  const app = await NestFactory.create(AppModule, { bodyParser: false });
  await configureApp(app); // request ids, helmet, problem+json errors, Swagger at /docs
  app.enableShutdownHooks();
  await app.listen(process.env.PORT ?? 4000);
}
void bootstrap();
