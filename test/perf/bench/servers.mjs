// The servers under load: the built app as production runs it on each HTTP platform, bare Nest on
// each (the framework floor, floor.mjs), and the node:http + pg baseline.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { AUTH_SECRET, BENCH_URL, HERE, POOL_SIZE, log } from './config.mjs';
import { baseEnv } from './database.mjs';
import { snapshotPath } from './lifecycle.mjs';
import { freePort, startServer, waitFor200 } from './processes.mjs';

/**
 * Starts the app from the build's copy on `platform` (HTTP_PLATFORM); startupMs is its cold start,
 * spawn to the first 200 on /health/ready.
 */
export async function startApp(platform) {
  const appPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const appEnv = {
    ...baseEnv(),
    NODE_ENV: 'production',
    PORT: String(appPort),
    BETTER_AUTH_SECRET: AUTH_SECRET,
    BETTER_AUTH_URL: appUrl,
    TRUSTED_ORIGINS: '',
    RATE_LIMIT_ENABLED: 'false',
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    DATABASE_MIGRATE: 'true',
    SHUTDOWN_TIMEOUT_MS: '3000',
    HTTP_PLATFORM: platform,
  };
  const spawnedAt = performance.now();
  const appProcess = startServer(`app ${platform}`, ['--import', path.join(HERE, 'loopback.mjs'), snapshotPath('dist/main.js')], appEnv);
  const startupMs = Math.round(await waitFor200(`${appUrl}/health/ready`, appProcess, spawnedAt));
  log(`app on ${platform} ready in ${startupMs} ms (spawn → first 200 on /health/ready), pid ${appProcess.pid}`);
  return { app: { name: `app ${platform}`, url: appUrl, process: appProcess }, startupMs };
}

/** Starts floor.mjs, bare Nest on `platform` answering a constant body. */
export async function startFloor(platform) {
  const port = await freePort();
  const floorProcess = startServer(`floor ${platform}`, [path.join(HERE, 'floor.mjs')], {
    ...process.env,
    PORT: String(port),
    HTTP_PLATFORM: platform,
  });
  const floor = { name: `floor ${platform}`, url: `http://127.0.0.1:${port}`, process: floorProcess };
  await waitFor200(`${floor.url}/health/ready`, floorProcess, performance.now());
  return floor;
}

/** Starts baseline.mjs on the same database with a pool of the same size. */
export async function startBaseline() {
  const basePort = await freePort();
  const baseProcess = startServer('baseline', [path.join(HERE, 'baseline.mjs')], {
    ...process.env,
    DATABASE_URL: BENCH_URL,
    PORT: String(basePort),
    DATABASE_POOL_SIZE: String(POOL_SIZE),
    BETTER_AUTH_SECRET: AUTH_SECRET,
  });
  const baseline = { name: 'baseline', url: `http://127.0.0.1:${basePort}`, process: baseProcess };
  await waitFor200(`${baseline.url}/health/ready`, baseProcess, performance.now());
  return baseline;
}
