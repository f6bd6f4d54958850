// Where the cores went: CPU time of process trees and of the whole machine, read from /proc.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces. Reaped
    // children's time too (cutime, cstime): PostgreSQL's backends that end during a run.
    const fields = text
      .slice(text.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    return { ppid: fields[1], ticks: fields[11] + fields[12] + fields[13] + fields[14] };
  } catch {
    return undefined;
  }
}

/** CPU seconds used so far by each named tree (a root pid and all its descendants). */
export function treeSeconds(roots) {
  const processes = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = stat(entry);
    if (info) processes.set(Number(entry), info);
  }
  const ownerOf = (pid) => {
    for (let current = pid, hops = 0; current > 1 && hops < 64; hops++) {
      const name = Object.keys(roots).find((key) => roots[key] === current);
      if (name) return name;
      current = processes.get(current)?.ppid ?? 0;
    }
    return undefined;
  };
  const seconds = Object.fromEntries(Object.keys(roots).map((name) => [name, 0]));
  for (const [pid, { ticks }] of processes) {
    const owner = ownerOf(pid);
    if (owner) seconds[owner] += ticks / TICKS_PER_SECOND;
  }
  return seconds;
}

/** Busy CPU seconds of the whole machine so far (all cores), from /proc/stat. */
export function machineBusySeconds() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, , , irq, softirq, steal] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

/** Measures `work` and returns its result with the cores each tree used meanwhile (1.0 = one core). */
export async function withCpuShares(roots, work) {
  const started = Date.now();
  const before = { trees: treeSeconds(roots), machine: machineBusySeconds() };
  const result = await work();
  const elapsed = (Date.now() - started) / 1000;
  const after = { trees: treeSeconds(roots), machine: machineBusySeconds() };
  const cores = Object.fromEntries(Object.keys(roots).map((name) => [name, (after.trees[name] - before.trees[name]) / elapsed]));
  return { result, cores, machine: (after.machine - before.machine) / elapsed, ofCores: os.cpus().length };
}
