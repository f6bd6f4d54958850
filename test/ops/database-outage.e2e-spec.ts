import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { expectProblem } from '../support/problem';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';
import { startThrowawayPostgres, type ThrowawayPostgres } from '../support/throwaway-postgres';
import {
  CONNECT_TIMEOUT_MS,
  QUERY_TIMEOUT_MS,
  FAIL_FAST_MS,
  MAX_LATENCY_MS,
  RECOVERY_DEADLINE_MS,
  CLOSE_DEADLINE_MS,
  type Phase,
  Load,
  post,
  timed,
} from './database-outage/load';
import { settlesWithin, waitForLockWaiter } from './database-outage/waits';

describe('database outage', () => {
  let cluster: ThrowawayPostgres | undefined;
  let t: TestApp | undefined;
  let closing: Promise<void> | undefined;
  let user: SignedUpUser;
  let load: Load | undefined;
  const written: string[] = [];
  const report: string[] = [];
  // Better Auth logs every failed session lookup with console.error (query, params, stack): kept out of the output.
  let consoleError: jest.SpyInstance | undefined;

  const app = () => t!;

  async function write(title: string): Promise<{ response: Response; ms: number }> {
    const { response, ms } = await timed(
      app()
        .http()
        .post('/api/posts')
        .set(user.auth)
        .send(post(title))
        .timeout(MAX_LATENCY_MS * 2),
    );
    if (!response) throw new Error(`POST /api/posts got no response within ${ms} ms`);
    if (response.status === 201) written.push(response.body.id);
    return { response, ms };
  }

  async function get(path: string, auth = false): Promise<{ response: Response; ms: number }> {
    const request = app().http().get(path);
    if (auth) void request.set(user.auth);
    const { response, ms } = await timed(request.timeout(MAX_LATENCY_MS * 2));
    if (!response) throw new Error(`GET ${path} got no response within ${ms} ms`);
    return { response, ms };
  }

  beforeAll(async () => {
    consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    cluster = await startThrowawayPostgres();
    t = await createTestApp({
      database: {
        url: cluster.url,
        poolSize: 5,
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        queryTimeoutMs: QUERY_TIMEOUT_MS,
        migrate: true,
      },
    });
    user = await t.signUp({ name: 'Outage' });
    for (let n = 0; n < 3; n++) expect((await write(`before ${n}`)).response.status).toBe(201);
    load = new Load(t, user);
    await sleep(500);
  }, 30_000);

  afterAll(async () => {
    try {
      await settlesWithin(load?.stop(), MAX_LATENCY_MS * 2);
      closing ??= t?.close();
      await settlesWithin(closing, CLOSE_DEADLINE_MS);
    } finally {
      await cluster?.destroy();
      report.push(`console.error calls silenced: ${consoleError?.mock.calls.length ?? 0}`);
      consoleError?.mockRestore();
    }
    // One line per observation, for the release note.
    console.log(report.join('\n'));
  }, 30_000);

  it('answers 503 problem+json quickly, everywhere but liveness, while the database is down', async () => {
    // A PATCH queued behind a row lock holds its pooled client inside a transaction when the server dies.
    const locker = new Client({ connectionString: cluster!.url });
    locker.on('error', () => undefined);
    await locker.connect();
    await locker.query('begin');
    await locker.query('select 1 from posts where id = $1 for update', [written[1]]);
    const patch = timed(
      app()
        .http()
        .patch(`/api/posts/${written[1]}`)
        .set(user.auth)
        .send({ title: 'locked' })
        .timeout(MAX_LATENCY_MS * 2),
    );
    await waitForLockWaiter(locker, cluster!.url, patch);

    await load!.during(async () => {
      load!.phase = 'stopping';
      await cluster!.stop();
      load!.phase = 'down';
    });
    await locker.end().catch(() => undefined);
    const locked = await patch;
    report.push(`PATCH waiting on a row lock when the server died: ${locked.response?.status ?? 'no answer'} in ${locked.ms} ms`);

    const probes = {
      list: await get('/api/posts'),
      listSignedIn: await get('/api/posts', true),
      one: await get(`/api/posts/${written[0]}`),
      // The session lookup (Better Auth, same database) comes first and must give 503 too, not 401.
      me: await get('/api/users/me', true),
      create: await write('during outage'),
      ready: await get('/health/ready'),
      live: await get('/health/live'),
    };
    await sleep(1_500);
    report.push(
      `while down: ${Object.entries(probes)
        .map(([name, { response, ms }]) => `${name} ${response.status} in ${ms} ms`)
        .join(', ')}`,
    );

    expect(locked.response).toBeDefined();
    expectProblem(locked.response!, 503);
    expect(locked.ms).toBeLessThan(MAX_LATENCY_MS);
    expectProblem(probes.list.response, 503, '/api/posts');
    expectProblem(probes.listSignedIn.response, 503, '/api/posts');
    expectProblem(probes.one.response, 503);
    expectProblem(probes.me.response, 503, '/api/users/me');
    expectProblem(probes.create.response, 503, '/api/posts');
    expectProblem(probes.ready.response, 503, '/health/ready');
    expect(probes.live.response.status).toBe(200);
    const slow = Object.entries(probes).filter(([, { ms }]) => ms >= FAIL_FAST_MS);
    expect(slow.map(([name, { ms }]) => `${name} took ${ms} ms`)).toEqual([]);
  }, 20_000);

  it(
    'serves again once the database is back, without a restart',
    async () => {
      load!.phase = 'restarting';
      await cluster!.start();
      const started = Date.now();
      let ready: Response | undefined;
      while (Date.now() - started < RECOVERY_DEADLINE_MS) {
        ({ response: ready } = await get('/health/ready'));
        if (ready.status === 200) break;
        await sleep(100);
      }
      load!.phase = 'recovered';
      report.push(`ready ${ready?.status} ${Date.now() - started} ms after the restarted server accepted connections`);
      expect(ready?.status).toBe(200);

      expect((await write('after outage')).response.status).toBe(201);
      const list = await get('/api/posts?limit=100');
      expect(list.response.status).toBe(200);
      expect(list.response.body.data.map((p: { title: string }) => p.title)).toContain('after outage');
      await sleep(500);
    },
    RECOVERY_DEADLINE_MS + 10_000,
  );

  it('loses no write that was acknowledged, and never answers 500 or hangs', async () => {
    await load!.stop();
    report.push(...load!.summary());
    report.push(`acknowledged writes: ${written.length + load!.acknowledged.length}`);

    const acknowledged = [...written, ...load!.acknowledged];
    const client = new Client({ connectionString: cluster!.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ id: string }>('select id from posts where id = any($1::uuid[])', [acknowledged]);
      const stored = new Set(rows.map((row) => row.id));
      expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    } finally {
      await client.end();
    }
    for (const id of acknowledged) expect({ id, status: (await get(`/api/posts/${id}`)).response.status }).toEqual({ id, status: 200 });

    const allowed: Record<Phase, number[]> = {
      up: [200, 201],
      stopping: [200, 201, 503],
      down: [503],
      restarting: [200, 201, 503],
      recovered: [200, 201],
    };
    // A request in flight while the phase changed may answer as either phase allows.
    const unexpected = load!.samples.filter(({ phases, status }) => !phases.some((phase) => allowed[phase].includes(status)));
    expect(unexpected).toEqual([]);
    expect(load!.samples.filter((sample) => sample.ms > MAX_LATENCY_MS)).toEqual([]);
    const whileDown = load!.samples.filter(({ phases }) => phases.every((phase) => phase === 'down'));
    expect(whileDown.filter((sample) => sample.ms >= FAIL_FAST_MS)).toEqual([]);
    // The load really ran through the outage.
    expect(whileDown.length).toBeGreaterThan(0);
  }, 20_000);

  it('gets every pooled connection back once no request is in flight', async () => {
    // No request is in flight any more: a connection still checked out has leaked for good.
    const pool = app().connection.poolStats!();
    report.push(`pool after the outage: ${pool.total} connections, ${pool.idle} idle, ${pool.waiting} waiting`);
    expect({ checkedOut: pool.total - pool.idle, waiting: pool.waiting }).toEqual({ checkedOut: 0, waiting: 0 });
  });

  it(
    'still shuts down cleanly after the outage',
    async () => {
      const started = Date.now();
      closing = app().close();
      const closed = await settlesWithin(closing, CLOSE_DEADLINE_MS);
      report.push(closed ? `app closed in ${Date.now() - started} ms` : `app.close() still pending after ${CLOSE_DEADLINE_MS} ms`);
      expect(closed).toBe(true);
    },
    CLOSE_DEADLINE_MS + 5_000,
  );
});
