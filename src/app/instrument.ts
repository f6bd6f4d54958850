// Imported first by main.ts: the environment is validated once, here, and Sentry
// must be initialised before http and express are loaded so it can instrument them.
import { InvalidEnvironmentError, parseEnv, type Env } from './env';
import { initSentry } from '../infra/observability/sentry';

function loadEnv(): Env {
  try {
    return parseEnv();
  } catch (error) {
    if (!(error instanceof InvalidEnvironmentError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

export const env = loadEnv();
initSentry({ dsn: env.SENTRY_DSN, environment: env.SENTRY_ENVIRONMENT ?? env.NODE_ENV });
