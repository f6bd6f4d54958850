import { dropPostgresTemplate } from '../../src/testing';
import { postgresUrl } from './test-database';

// The template is a cache; on a shared server the suite leaves nothing behind.
export default async function globalTeardown(): Promise<void> {
  const url = postgresUrl();
  if (url) await dropPostgresTemplate(url);
}
