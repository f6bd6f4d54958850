import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { clientAddress, sumCounter, TopologyClient } from '../support/topology-client';
import { startTopology, type Topology } from '../support/topology';

// Three instances behind HAProxy, through PgBouncer, on a primary and a replica that applies
// commits 500 ms late (scripts/topology.mjs). Limits high: these clients are busy, not abusive.
const DELAY_MS = 500;
const CLIENTS = 20;
const PAIRS_PER_CLIENT = 100;
const OTHER_GETS_PER_PAIR = 8;

describe('three instances behind HAProxy, on a primary and a replica 500 ms behind', () => {
  let topology: Topology;
  let metricsUrls: string[];
  const clients: TopologyClient[] = [];
  let run = 10;

  const reads = async () => ({
    replica: await sumCounter(metricsUrls, 'db_read_requests_total', 'target="replica"'),
    primary: await sumCounter(metricsUrls, 'db_read_requests_total', 'target="primary"'),
  });

  /** A signed-up client of the balancer (or of one instance), from an address of its own. */
  async function client(baseUrl = topology.url!, keepAlive = true): Promise<TopologyClient> {
    const made = new TopologyClient(baseUrl, clientAddress(run, clients.length), topology.url, keepAlive);
    clients.push(made);
    await made.signUp();
    return made;
  }

  beforeAll(async () => {
    topology = await startTopology(['--replica-delay-ms', String(DELAY_MS), '--rate-limit', '100000', '--writes-limit', '100000']);
    metricsUrls = topology.instances.map((instance) => instance.metricsUrl);
  }, 180_000);
  afterEach(() => void run++);
  afterAll(async () => {
    for (const made of clients) made.close();
    await topology?.close();
  });

  it('2,000 write→read pairs with the token: no stale read, while most GETs are served by the replica', async () => {
    const before = await reads();
    const stale: string[] = [];
    const writers = await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        const me = await client();
        const created = await me.send('POST', '/api/posts', { body: { title: 'v0', content: 'Read your writes', published: true } });
        expect(created.status).toBe(201);
        return { me, path: `/api/posts/${created.body.id}` };
      }),
    );
    // Until the replica has the posts: the reads without a token below may be old, never missing.
    await sleep(DELAY_MS * 2);
    await Promise.all(
      writers.map(async ({ me, path }) => {
        for (let pair = 1; pair <= PAIRS_PER_CLIENT; pair++) {
          const patched = await me.send('PATCH', path, { body: { title: `v${pair}` } });
          expect(patched.status).toBe(200);
          const read = await me.send('GET', path, { headers: { 'x-consistency-token': String(patched.headers['x-consistency-token']) } });
          if (read.status !== 200 || read.body.title !== `v${pair}`) stale.push(`${path} pair ${pair}: ${read.status} ${read.body.title}`);
          // What else a client reads meanwhile, with no write of its own to wait for.
          for (let other = 0; other < OTHER_GETS_PER_PAIR; other++) {
            expect((await me.send('GET', other % 2 ? '/api/posts?limit=5' : path)).status).toBe(200);
          }
        }
      }),
    );
    expect(stale).toEqual([]);
    const after = await reads();
    const onReplica = after.replica - before.replica;
    const total = onReplica + after.primary - before.primary;
    expect(total).toBeGreaterThanOrEqual(CLIENTS * PAIRS_PER_CLIENT * (1 + OTHER_GETS_PER_PAIR));
    expect(onReplica / total).toBeGreaterThanOrEqual(0.8);
  }, 300_000);

  it('a sign-out through one instance is refused at once by the others', async () => {
    const [first, second, third] = topology.instances.map(
      (instance) => new TopologyClient(instance.url, clientAddress(run, 0), topology.url),
    );
    clients.push(first!, second!, third!);
    await first!.signUp();
    for (const other of [second!, third!]) {
      other.auth = first!.auth;
      expect((await other.send('GET', '/api/users/me')).status).toBe(200);
    }
    expect((await first!.send('POST', '/api/auth/sign-out', { body: {} })).status).toBe(200);
    for (const other of [second!, third!]) expect((await other.send('GET', '/api/users/me')).status).toBe(401);
  });

  it('replays an Idempotency-Key from any instance: the first 201, and one post', async () => {
    const [first, ...others] = topology.instances.map((instance) => new TopologyClient(instance.url, clientAddress(run, 0), topology.url));
    clients.push(first!, ...others);
    await first!.signUp();
    const key = randomUUID();
    const post = { title: 'Once', content: 'Sent three times', published: true };
    const created = await first!.send('POST', '/api/posts', { headers: { 'idempotency-key': key }, body: post });
    expect(created.status).toBe(201);
    for (const other of others) {
      other.auth = first!.auth;
      const replayed = await other.send('POST', '/api/posts', { headers: { 'idempotency-key': key }, body: post });
      expect(replayed.status).toBe(201);
      expect(replayed.body).toEqual(created.body);
    }
    // A read after a write sends its token, as a client does: else a replica may not have the post yet.
    const token = String(created.headers['x-consistency-token']);
    const mine = await first!.send('GET', '/api/users/me/posts', { headers: { 'x-consistency-token': token } });
    expect(mine.body.data.map((item: { id: string }) => item.id)).toEqual([created.body.id]);
  });

  it('a rolling restart under steady load loses no request and no acknowledged write', async () => {
    // Half hold keep-alive connections; half open one per request, so SIGTERM meets new connections too.
    const writers = await Promise.all(Array.from({ length: 6 }, (_, index) => client(topology.url!, index % 2 === 0)));
    const failures: string[] = [];
    const acknowledged: { id: string; token: string; writer: TopologyClient }[] = [];
    let loading = true;
    const load = Promise.all(
      writers.map(async (writer, index) => {
        while (loading) {
          const body = { title: `Written during the restart ${index}`, content: 'Must not be lost', published: true };
          try {
            const created = await writer.send('POST', '/api/posts', { headers: { 'idempotency-key': randomUUID() }, body });
            if (created.status !== 201) failures.push(`POST ${created.status}`);
            else acknowledged.push({ id: created.body.id, token: String(created.headers['x-consistency-token']), writer });
            const read = await writer.send('GET', '/api/posts?limit=5');
            if (read.status !== 200) failures.push(`GET ${read.status}`);
          } catch (error) {
            failures.push(`${(error as Error).message}`);
          }
        }
      }),
    );
    for (let instance = 0; instance < topology.instances.length; instance++) {
      await sleep(500);
      const restarted = await topology.command<{ exitCode: number }>('restart', { instance });
      expect(restarted.exitCode).toBe(0);
    }
    await sleep(1_000);
    loading = false;
    await load;
    expect(failures).toEqual([]);
    expect(acknowledged.length).toBeGreaterThan(50);
    for (const { id, token, writer } of acknowledged) {
      expect((await writer.send('GET', `/api/posts/${id}`, { headers: { 'x-consistency-token': token } })).status).toBe(200);
    }
  }, 180_000);

  it('the replica stopped under load: reads move to the primary with no failed request, and back when it returns', async () => {
    const reader = await client();
    const statuses: number[] = [];
    let loading = true;
    const load = (async () => {
      while (loading) statuses.push((await reader.send('GET', '/api/posts?limit=5')).status);
    })();
    await sleep(DELAY_MS * 2);
    await topology.command('stop-replica');
    await sleep(500);
    const down = await reads();
    await sleep(1_000);
    const stillDown = await reads();
    expect(stillDown.replica).toBe(down.replica);
    expect(stillDown.primary).toBeGreaterThan(down.primary);

    await topology.command('start-replica');
    const deadline = Date.now() + 20_000;
    let back = await reads();
    while (back.replica === stillDown.replica && Date.now() < deadline) {
      await sleep(200);
      back = await reads();
    }
    expect(back.replica).toBeGreaterThan(stillDown.replica);
    loading = false;
    await load;
    expect(statuses.length).toBeGreaterThan(50);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 120_000);
});
