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

export async function waitForLockWaiter(client: Client): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 5_000; await sleep(20)) {
    const { rows } = await client.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()");
    if (rows.length > 0) return;
  }
  throw new Error('no request queued behind the row lock within 5 s');
}
