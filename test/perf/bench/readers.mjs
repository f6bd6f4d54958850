// The "others" of the search burst (burst.mjs), in a process of their own: measured from
// the bench's own process, their latencies would include the time its event loop spent
// driving the burst. Prints one JSON line: autocannon's summary.
import autocannon from 'autocannon';

const [url, duration, connections, rate, idsJson] = process.argv.slice(2);
const ids = JSON.parse(idsJson);
let i = 0;
const result = await autocannon({
  url,
  connections: Number(connections),
  overallRate: Number(rate),
  duration: Number(duration),
  timeout: 10,
  // The public list and posts by id, alternately.
  requests: [
    {
      method: 'GET',
      path: '/api/posts',
      setupRequest: (req) => ({ ...req, path: i++ % 2 ? `/api/posts/${ids[i % ids.length]}` : '/api/posts' }),
    },
  ],
});
process.stdout.write(`${JSON.stringify(result)}\n`);
