import { dropPostgresTemplate } from '../../src/testing';
import { directPostgresUrl } from './test-database';

// The template is a cache; on a shared server the suite leaves nothing behind. CI's passes share
// it (TEST_KEEP_TEMPLATE), and .ci/run drops it once they are done.
export default async function globalTeardown(): Promise<void> {
  const url = directPostgresUrl();
  if (url && process.env.TEST_KEEP_TEMPLATE !== '1') await dropPostgresTemplate(url);
}
