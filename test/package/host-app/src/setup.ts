import type { INestApplication } from '@nestjs/common';
import { configureApp } from 'nest-drizzle-posts';

/** What main.ts does to the app before it listens; the tests boot the app with it too. */
export async function setUpApp(app: INestApplication): Promise<void> {
  // Request ids, helmet, problem+json errors, and Swagger at /docs under our own title.
  await configureApp(app, { openApi: { title: 'Notes', version: '2.0.0', description: 'Notes, with a blog inside' } });
}
