import { clientAddress, TopologyClient } from '../support/topology-client';
import { startTopology, type Topology } from '../support/topology';

// Three instances behind HAProxy share their counters in Redis: a client's budget is the same
// whichever instance each of its requests lands on, and however many arrive at once.
const LIMIT = 30;
const BURST = 45;
const ROUNDS = 10;

describe('a rate limit across three instances behind HAProxy', () => {
  let topology: Topology;

  beforeAll(async () => {
    topology = await startTopology(['--no-replica', '--rate-limit', String(LIMIT)]);
  }, 180_000);
  afterAll(() => topology?.close());

  it(`accepts exactly ${LIMIT} of ${BURST} concurrent requests from one client, ${ROUNDS} times of ${ROUNDS}`, async () => {
    const rounds: { accepted: number; limited: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // A new address each round: a client the limiter has not seen.
      const client = new TopologyClient(topology.url!, clientAddress(20, round));
      const statuses = await Promise.all(
        Array.from({ length: BURST }, async () => (await client.send('GET', '/api/posts?limit=1')).status),
      );
      client.close();
      rounds.push({
        accepted: statuses.filter((status) => status === 200).length,
        limited: statuses.filter((status) => status === 429).length,
      });
    }
    expect(rounds).toEqual(Array.from({ length: ROUNDS }, () => ({ accepted: LIMIT, limited: BURST - LIMIT })));
  }, 120_000);
});
