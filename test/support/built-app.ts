import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './free-port';
import { TEST_SECRET } from './test-app';

const ROOT = join(__dirname, '..', '..');

/**
 * Builds dist/ the way `npm run build` does; the process tests run the real entry point. Skipped
 * with TEST_BUILT=1: CI builds once for all its passes (.ci/run).
 */
export function buildApp(): void {
  if (process.env.TEST_BUILT === '1') return;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}

export interface RunningApp {
  child: ChildProcess;
  baseUrl: string;
  output: () => string;
  exited: Promise<number | null>;
}

/** Starts `node dist/main.js` as production would and waits until /health/ready answers 200. */
export async function startBuiltApp(env: Record<string, string>): Promise<RunningApp> {
  return startProcess(
    ROOT,
    ['dist/main.js'],
    {
      NODE_ENV: 'production',
      BETTER_AUTH_SECRET: TEST_SECRET,
      RATE_LIMIT_ENABLED: 'false',
      LOG_LEVEL: 'warn',
      // The platform this suite runs on (CI runs it on both).
      HTTP_PLATFORM: process.env.HTTP_PLATFORM ?? 'express',
      ...env,
    },
    '/health/ready',
  );
}

type Env = Record<string, string>;

/**
 * Runs `node <args>` in `cwd` on a free port (PORT, BETTER_AUTH_URL) and waits
 * until `readyPath` answers below 500. `env` may depend on the base URL.
 */
export async function startProcess(
  cwd: string,
  args: string[],
  env: Env | ((baseUrl: string) => Env),
  readyPath = '/',
): Promise<RunningApp> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, args, {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      BETTER_AUTH_URL: baseUrl,
      ...(typeof env === 'function' ? env(baseUrl) : env),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${baseUrl}${readyPath}`).then(
      (response) => response.status < 500,
      () => false,
    );
    if (ready) return { child, baseUrl, output: () => output, exited };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`app did not become ready:\n${output}`);
}
