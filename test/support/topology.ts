import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const ROOT = join(__dirname, '../..');

/** What `scripts/topology.mjs` prints once everything is up. */
export interface TopologyAddresses {
  /** HAProxy, in front of the instances (none with `instances: 0`). */
  url?: string;
  haproxyPid?: number;
  instances: { name: string; pid: number; url: string; metricsUrl: string }[];
  /** Through PgBouncer (`url`) and straight to the server (`directUrl`). */
  primary: { url: string; directUrl: string };
  replica?: { url: string; directUrl: string };
  redis: string;
  /** The topology's folder: clusters, sockets, pid files. */
  dir: string;
}

export interface Topology extends TopologyAddresses {
  /** One of the script's commands (`stop-replica`, `start-replica`, `restart`…), answered when done. */
  command<T = unknown>(action: string, args?: Record<string, unknown>): Promise<T>;
  /** Stops everything and removes its files. */
  close(): Promise<void>;
}

/** Starts `npm run topology` with `args` (e.g. `['--instances', '0']`) and waits until it is up. */
export async function startTopology(args: string[]): Promise<Topology> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['scripts/topology.mjs', '--no-build', ...args], { cwd: ROOT });
  let log = '';
  child.stderr.on('data', (chunk) => (log = (log + String(chunk)).slice(-20_000)));
  const lines = createInterface({ input: child.stdout });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  const addresses = await new Promise<TopologyAddresses>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`topology exited ${code} before it was up:\n${log}`)));
    lines.once('line', (line) => resolve(JSON.parse(line) as TopologyAddresses));
  });
  lines.on('line', (line) => {
    const answer = JSON.parse(line) as { id: number; ok: boolean; result?: unknown; error?: string };
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.ok) waiting?.resolve(answer.result);
    else waiting?.reject(new Error(`${answer.error}\n${log}`));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    ...addresses,
    command: <T>(action: string, extra: Record<string, unknown> = {}) =>
      new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.stdin.write(`${JSON.stringify({ id, do: action, ...extra })}\n`);
      }),
    // Closing its stdin is the signal to stop: it cleans up, then exits.
    close: async () => {
      child.stdin.end();
      await exited;
    },
  };
}
