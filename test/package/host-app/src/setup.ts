import { type INestApplication, ValidationPipe } from '@nestjs/common';
import { configureApp } from 'nest-drizzle-posts';

/** What main.ts does to the app before it listens; the tests boot the app with it too. */
export async function setUpApp(app: INestApplication): Promise<void> {
  // Our own DTOs use class-validator; the blog's zod DTOs pass through this pipe untouched.
  app.useGlobalPipes(new ValidationPipe({ whitelist: true, transform: true }));
  // Request ids, helmet, problem+json errors, and Swagger at /docs under our own title.
  await configureApp(app, { openApi: { title: 'Notes', version: '2.0.0', description: 'Notes, with a blog inside' } });
}
