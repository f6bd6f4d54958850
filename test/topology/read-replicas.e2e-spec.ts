import { setTimeout as sleep } from 'node:timers/promises';
import { createPost } from '../support/factories';
import { createTestApp, type TestApp } from '../support/test-app';
import { startTopology, type Topology } from '../support/topology';

// One app in-process on a real primary and a real streaming replica (scripts/topology.mjs,
// no instances), the replica applying commits 500 ms late so that a stale read would show.
const DELAY_MS = 500;

function readRequests(metrics: string, target: string): number {
  const line = metrics.split('\n').find((candidate) => candidate.startsWith(`db_read_requests_total{target="${target}"}`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

describe('reads on a streaming replica', () => {
  let topology: Topology;
  let t: TestApp;

  // Where the GETs run inside `work` were served, from the app's own metrics.
  async function servedBy(work: () => Promise<unknown>): Promise<{ replica: number; primary: number }> {
    const before = (await t.http().get('/metrics')).text;
    await work();
    const after = (await t.http().get('/metrics')).text;
    return {
      replica: readRequests(after, 'replica') - readRequests(before, 'replica'),
      primary: readRequests(after, 'primary') - readRequests(before, 'primary'),
    };
  }

  // Until the replica has replayed everything and serves reads again.
  async function replicaCaughtUp(): Promise<void> {
    await sleep(DELAY_MS + 300);
    const deadline = Date.now() + 10_000;
    while (!t.connection.replicas!.replicas.every((replica) => t.connection.replicas!.serving(replica))) {
      if (Date.now() > deadline) throw new Error('the replica did not catch up');
      await sleep(50);
    }
  }

  beforeAll(async () => {
    topology = await startTopology(['--instances', '0', '--replica-delay-ms', String(DELAY_MS)]);
    t = await createTestApp({
      // No lag limit here: the replica serves however far behind, so a read without the token shows the lag.
      database: { url: topology.primary.directUrl, replicaUrls: [topology.replica!.directUrl], replicaMaxLagMs: 600_000, poolSize: 4 },
    });
    // The replica has the migrated schema before the first read: a read 500 ms behind it would find no table.
    await replicaCaughtUp();
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await topology?.close();
  });

  it('answers a write with its X-Consistency-Token; a read that sends it sees the write at once, from the primary', async () => {
    const author = await t.signUp();
    // The session just made is looked up on the primary: a replica 500 ms behind would not know it.
    expect((await t.http().get('/api/users/me').set(author.auth)).status).toBe(200);
    const { post, path } = await createPost(t, author);
    const created = await t
      .http()
      .post('/api/posts')
      .set(author.auth)
      .send({ title: 'Second', content: 'Read your own writes', published: true });
    const token = created.headers['x-consistency-token'] as string;
    expect(token).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);

    const fresh = await servedBy(async () => {
      const read = await t.http().get(`/api/posts/${created.body.id}`).set('X-Consistency-Token', token);
      expect(read.status).toBe(200);
      expect(read.body.title).toBe('Second');
    });
    expect(fresh).toEqual({ replica: 0, primary: 1 });

    // A token that does not parse is no error: the primary serves the read, so it cannot be stale.
    const mangled = await servedBy(async () => {
      const read = await t.http().get(`/api/posts/${created.body.id}`).set('X-Consistency-Token', `${token}/x`);
      expect(read.status).toBe(200);
      expect(read.body.title).toBe('Second');
    });
    expect(mangled).toEqual({ replica: 0, primary: 1 });

    // Without the token the replica answers, 500 ms behind: the stale read the token prevents.
    const stale = await servedBy(async () => expect((await t.http().get(`/api/posts/${created.body.id}`)).status).toBe(404));
    expect(stale).toEqual({ replica: 1, primary: 0 });

    // Once the replica has replayed the write, the same token is served there.
    await replicaCaughtUp();
    const later = await servedBy(async () => {
      const read = await t.http().get(path).set('X-Consistency-Token', token);
      expect(read.body).toEqual(post);
      const list = await t.http().get('/api/posts').set('X-Consistency-Token', token);
      expect(list.body.data.map((item: { id: string }) => item.id)).toEqual([created.body.id, post.id]);
    });
    expect(later).toEqual({ replica: 2, primary: 0 });
  });

  it('answers updates and deletes with a token too, and a later token asks for more than an earlier one', async () => {
    const author = await t.signUp();
    const { path, etag } = await createPost(t, author);
    const patched = await t.http().patch(path).set(author.auth).set('If-Match', etag).send({ title: 'Patched' });
    expect(patched.status).toBe(200);
    const deleted = await t.http().delete(path).set(author.auth);
    expect(deleted.status).toBe(204);
    const [patchToken, deleteToken] = [patched.headers['x-consistency-token'], deleted.headers['x-consistency-token']] as string[];
    const position = (token: string) => BigInt(`0x${token.split('/')[0]}`) * 2n ** 32n + BigInt(`0x${token.split('/')[1]}`);
    expect(position(deleteToken)).toBeGreaterThan(position(patchToken));
    expect((await t.http().get(path).set('X-Consistency-Token', deleteToken)).status).toBe(404);
  });

  it('serves the reads of a GET from the replica and keeps every write and transaction on the primary', async () => {
    const author = await t.signUp();
    await createPost(t, author);
    await replicaCaughtUp();
    const reads = await servedBy(async () => {
      for (const path of ['/api/posts', '/api/posts?q=post', '/api/posts?withTotal=true', `/api/users/${author.id}`]) {
        expect((await t.http().get(path)).status).toBe(200);
      }
      expect((await t.http().get('/api/users/me/posts').set(author.auth)).status).toBe(200);
    });
    expect(reads).toEqual({ replica: 5, primary: 0 });
    // A replica refuses writes: these would fail if any statement of theirs went there.
    const { path, etag } = await createPost(t, author);
    expect(
      (await t.http().put(path).set(author.auth).set('If-Match', etag).send({ title: 'T', content: 'Replaced content', published: true }))
        .status,
    ).toBe(200);
  });

  it('leaves a replica that is stopped: reads move to the primary with no failed request, and come back when it returns', async () => {
    const author = await t.signUp();
    const { path } = await createPost(t, author);
    await replicaCaughtUp();
    let reading = true;
    const statuses: number[] = [];
    const load = (async () => {
      while (reading) statuses.push((await t.http().get(path)).status);
    })();
    await sleep(200);
    await topology.command('stop-replica');
    await sleep(500);
    expect((await t.http().get('/health/ready')).status).toBe(200);
    // The load goes on meanwhile: all of it, and this read, on the primary.
    const whileDown = await servedBy(async () => expect((await t.http().get(path)).status).toBe(200));
    expect(whileDown.replica).toBe(0);
    expect(whileDown.primary).toBeGreaterThanOrEqual(1);
    const metrics = (await t.http().get('/metrics')).text;
    expect(metrics).toMatch(/db_replica_serving\{replica="[^"]+"\} 0/);

    await topology.command('start-replica');
    await replicaCaughtUp();
    reading = false;
    await load;
    await sleep(50);
    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    const back = await servedBy(async () => expect((await t.http().get(path)).status).toBe(200));
    expect(back).toEqual({ replica: 1, primary: 0 });
    expect((await t.http().get('/metrics')).text).toMatch(/db_replica_lag_seconds\{replica="[^"]+"\} \d/);
  }, 60_000);
});

describe('a replica further behind than DATABASE_REPLICA_MAX_LAG_MS', () => {
  let topology: Topology;
  let t: TestApp;

  beforeAll(async () => {
    topology = await startTopology(['--instances', '0', '--replica-delay-ms', String(DELAY_MS)]);
    t = await createTestApp({
      database: { url: topology.primary.directUrl, replicaUrls: [topology.replica!.directUrl], replicaMaxLagMs: 100, poolSize: 4 },
    });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await topology?.close();
  });

  it('is skipped while it lags, so even a read without a token sees the write; then it serves again', async () => {
    const author = await t.signUp();
    const { path } = await createPost(t, author);
    // Two polls later the replica is seen more than 100 ms behind (it applies commits 500 ms late).
    // It applies commits 500 ms late, so within 500 ms of the write it is seen more than 100 ms behind.
    const replicas = t.connection.replicas!;
    const deadline = Date.now() + DELAY_MS;
    while (replicas.serving(replicas.replicas[0]!) && Date.now() < deadline) await sleep(10);
    expect(replicas.serving(replicas.replicas[0]!)).toBe(false);
    expect((await t.http().get(path)).status).toBe(200);
    await sleep(DELAY_MS + 300);
    expect(replicas.serving(replicas.replicas[0]!)).toBe(true);
  });
});
