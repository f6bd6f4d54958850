import { dropPostgresTemplate } from '../../src/testing';
import { directPostgresUrl } from './test-database';

// The template is a cache; on a shared server the suite leaves nothing behind.
export default async function globalTeardown(): Promise<void> {
  const url = directPostgresUrl();
  if (url) await dropPostgresTemplate(url);
}
