import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/**
 * One client of the balancer, calling from an address of its own in 127.0.0.0/8: HAProxy
 * forwards it (X-Forwarded-For) and every instance counts it as one client, as it would a
 * user's machine. Keep-alive connections, as a browser or an SDK holds them; or, with
 * `keepAlive: false`, a connection per request, as a script or a webhook sender opens them.
 */
export class TopologyClient {
  private readonly agent: Agent;
  auth: Record<string, string> = {};

  /** `origin`: the service's public URL, which Better Auth wants on its writes in production. */
  constructor(
    readonly baseUrl: string,
    readonly address: string,
    private readonly origin = baseUrl,
    keepAlive = true,
  ) {
    this.agent = new Agent({ keepAlive, maxSockets: 8, localAddress: address });
  }

  send(method: string, path: string, options: { headers?: Record<string, string>; body?: unknown } = {}): Promise<Answer> {
    const body = options.body === undefined ? undefined : JSON.stringify(options.body);
    const url = new URL(path, this.baseUrl);
    const headers = {
      ...this.auth,
      origin: this.origin,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...options.headers,
    };
    return new Promise((resolve, reject) => {
      const outgoing = request(url, { method, headers, agent: this.agent, localAddress: this.address }, (incoming) => {
        let text = '';
        incoming.setEncoding('utf8');
        incoming.on('data', (chunk: string) => (text += chunk));
        incoming.on('end', () => {
          const json = text !== '' && String(incoming.headers['content-type']).includes('json');
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: json ? JSON.parse(text) : text });
        });
        incoming.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  }

  /** Signs a new user up through the balancer and keeps its bearer token for later calls. */
  async signUp(): Promise<{ id: string; token: string }> {
    const email = `client-${randomUUID()}@example.com`;
    const answer = await this.send('POST', '/api/auth/sign-up/email', {
      body: { name: 'Topology Client', email, password: 'correct horse battery staple' },
    });
    if (answer.status !== 200) throw new Error(`sign-up failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    this.auth = { authorization: `Bearer ${answer.body.token}` };
    return { id: answer.body.user.id, token: answer.body.token };
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Client number `n` (from 1) of a run, each run on its own /16 so a rate limit never carries over. */
export function clientAddress(run: number, n: number): string {
  return `127.${run}.${Math.floor(n / 250)}.${(n % 250) + 1}`;
}

/** The sum over every instance of a Prometheus counter's samples whose labels include `label`. */
export async function sumCounter(metricsUrls: string[], name: string, label = ''): Promise<number> {
  let total = 0;
  for (const url of metricsUrls) {
    const text = await (await fetch(url)).text();
    for (const line of text.split('\n')) {
      if (line.startsWith(`${name}{`) && line.includes(label)) total += Number(line.split(' ').at(-1));
    }
  }
  return total;
}
