import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { setUpApp } from './setup';

async function bootstrap() {
  // configureApp parses JSON bodies itself (Better Auth reads its own).
  const app = await NestFactory.create(AppModule, { bodyParser: false });
  await setUpApp(app);
  app.enableShutdownHooks();
  await app.listen(process.env.PORT ?? 4000);
}
void bootstrap();
