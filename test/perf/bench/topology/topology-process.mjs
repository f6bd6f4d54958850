// scripts/topology.mjs as a child of the benchmark: its addresses, its commands, and a clean stop.
import { spawn } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import { ROOT, warn } from '../config.mjs';

/** Starts the topology with `args`, on every core (the benchmark itself may be pinned to one). */
export async function startTopologyProcess(args) {
  const cores = `0-${os.cpus().length - 1}`;
  const child = spawn('taskset', ['-c', cores, process.execPath, 'scripts/topology.mjs', '--no-build', ...args], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-20_000)));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout });
  const addresses = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`topology exited ${code} before it was up:\n${log}`)));
    lines.once('line', (line) => resolve(JSON.parse(line)));
  });
  const pending = new Map();
  let nextId = 1;
  lines.on('line', (line) => {
    const answer = JSON.parse(line);
    const waiting = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.ok) waiting?.resolve(answer.result);
    else waiting?.reject(new Error(answer.error));
  });
  return {
    ...addresses,
    command: (action, extra = {}) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.stdin.write(`${JSON.stringify({ id, do: action, ...extra })}\n`);
      }),
    /** Ends its stdin, its signal to stop everything and remove its files; waits until it has. */
    close: async () => {
      child.stdin.end();
      const timer = setTimeout(() => warn('!! the topology is taking long to stop'), 60_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
