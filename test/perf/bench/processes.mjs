// The servers as child processes, and plain HTTP to them.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { PIN, ROOT, STARTUP_TIMEOUT_MS, warn } from './config.mjs';

/** Every child still running; lifecycle.mjs stops them on exit. */
export const children = new Set();

// ---- child processes -------------------------------------------------------------------------
export function startServer(name, args, env) {
  const command = PIN ? 'taskset' : process.execPath;
  const argv = PIN ? ['-c', String(PIN.server), process.execPath, ...args] : args;
  const child = spawn(command, argv, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.label = name;
  child.tail = [];
  child.printed = 0;
  const collect = (stream) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop();
      for (const line of lines) {
        child.tail.push(line);
        if (child.tail.length > 40) child.tail.shift();
        // Warnings and errors are worth seeing, but a failing server could print one per request.
        if (/"level":(40|50|60)|error|Error/.test(line) && child.printed++ < 8) warn(`[${name}] ${line.slice(0, 400)}`);
      }
    });
  };
  collect(child.stdout);
  collect(child.stderr);
  children.add(child);
  child.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  child.exited.then(() => children.delete(child));
  return child;
}

export async function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([child.exited, sleep(8_000).then(() => false)]);
  if (!stopped) child.kill('SIGKILL');
}

export function runNode(args, env, label) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${label} exited with ${code}:\n${output.slice(-3000)}`));
    });
  });
}

export async function freePort() {
  const server = net.createServer();
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** One HTTP request with node:http (no keep-alive), bounded by `timeoutMs`. */
export function request(method, url, { headers = {}, body, timeoutMs = 10_000 } = {}) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = http.request(url, {
      method,
      headers: {
        ...(payload !== undefined ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {}),
        ...headers,
      },
      timeout: timeoutMs,
      agent: false,
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url} timed out`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json;
        try {
          json = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.end(payload);
  });
}

/** Polls `url` until it answers 200; returns ms since `since`. */
export async function waitFor200(url, child, since, timeoutMs = STARTUP_TIMEOUT_MS) {
  const deadline = since + timeoutMs;
  while (performance.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${child.label} exited during start-up:\n${child.tail.join('\n')}`);
    }
    try {
      const res = await request('GET', url, { timeoutMs: 1_000 });
      if (res.status === 200) return performance.now() - since;
    } catch {
      /* not listening yet */
    }
    await sleep(10);
  }
  throw new Error(`${child.label} not ready within ${timeoutMs} ms:\n${child.tail.join('\n')}`);
}

export function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round((kb / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}
