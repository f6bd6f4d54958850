import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';

// Bounded waits, so that a hang fails the test instead of stalling it.
/** Whether `promise` settled within `ms`; a hang must not keep the cluster alive. */
export async function settlesWithin(promise: Promise<unknown> | undefined, ms: number): Promise<boolean> {
  const deadline = new AbortController();
  const settled = await Promise.race([
    Promise.resolve(promise).then(
      () => true,
      () => true,
    ),
    sleep(ms, false, { signal: deadline.signal }).catch(() => false),
  ]);
  deadline.abort();
  return settled;
}

/**
 * Waits until `request` queues behind the row lock `locker` holds; fails at once, with its answer, if
 * it is answered first. It watches from a connection of its own: inside `locker`'s transaction
 * pg_stat_activity is a snapshot taken at its first read, which never shows a request that queued later.
 */
export async function waitForLockWaiter(
  locker: Client,
  url: string,
  request: Promise<{ response?: { status: number; body?: { detail?: string } }; ms: number }>,
): Promise<void> {
  let answered: { response?: { status: number; body?: { detail?: string } }; ms: number } | undefined;
  void request.then((result) => (answered = result));
  const lockerPid = (await locker.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0].pid;
  const watcher = new Client({ connectionString: url });
  await watcher.connect();
  try {
    for (const started = Date.now(); Date.now() - started < 15_000; await sleep(20)) {
      const { rows } = await watcher.query('select 1 from pg_stat_activity where $1 = any(pg_blocking_pids(pid))', [lockerPid]);
      if (rows.length > 0) return;
      if (answered)
        throw new Error(
          `the request was answered (${answered.response?.status ?? 'no answer'} in ${answered.ms} ms: ${answered.response?.body?.detail}) before it queued behind the row lock`,
        );
    }
    throw new Error('no request queued behind the row lock within 15 s');
  } finally {
    await watcher.end();
  }
}
