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

/** Waits until `request` queues behind a row lock; fails at once, with its answer, if it is answered first. */
export async function waitForLockWaiter(
  client: Client,
  request: Promise<{ response?: { status: number; body?: { detail?: string } }; ms: number }>,
): Promise<void> {
  let answered: { response?: { status: number; body?: { detail?: string } }; ms: number } | undefined;
  void request.then((result) => (answered = result));
  // Generous: on the slowest CI pass (Better Auth's own session lookups, two busy cores) the request can take seconds to get here.
  for (const started = Date.now(); Date.now() - started < 15_000; await sleep(20)) {
    const { rows } = await client.query("select 1 from pg_stat_activity where wait_event_type = 'Lock' and pid <> pg_backend_pid()");
    if (rows.length > 0) return;
    if (answered)
      throw new Error(
        `the request was answered (${answered.response?.status ?? 'no answer'} in ${answered.ms} ms: ${answered.response?.body?.detail}) before it queued behind the row lock`,
      );
  }
  throw new Error('no request queued behind the row lock within 15 s');
}
