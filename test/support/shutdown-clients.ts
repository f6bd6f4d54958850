import { once } from 'node:events';
import { Agent, type IncomingMessage, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { parseRawAnswer, type RawAnswer } from './raw-http';

type Json = { id?: string };

/** Sends a request whose body arrives in two halves; the second once `between` has run. */
export function slowPost(baseUrl: string, path: string, token: string, body: object, between: () => Promise<void>) {
  const payload = Buffer.from(JSON.stringify(body));
  return new Promise<{ status: number; body: Json }>((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': payload.length, authorization: `Bearer ${token}` },
    });
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text || '{}') }));
    });
    req.on('error', reject);
    req.write(payload.subarray(0, 10));
    // Only once the server holds the request (connected, headers sent) does `between` run.
    req.once('socket', (socket) =>
      socket.once('connect', () => {
        setTimeout(() => between().then(() => req.end(payload.subarray(10)), reject), 200);
      }),
    );
  });
}

/** What became of one POST: when its last byte left for the server, and its status or error code. */
export interface Outcome {
  sentAt: number;
  answeredAt: number;
  status?: number;
  error?: string;
}

/** A POST on a connection of its own (no keep-alive): `sent` resolves once all of it was handed to the OS. */
export function freshPost(url: string, token: string, body: object): { sent: Promise<number>; outcome: Promise<Outcome> } {
  const payload = JSON.stringify(body);
  let sentAt = Number.POSITIVE_INFINITY;
  let markSent!: (at: number) => void;
  const sent = new Promise<number>((resolve) => (markSent = resolve));
  const outcome = new Promise<Outcome>((resolve) => {
    const req = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), authorization: `Bearer ${token}` },
    });
    req.once('finish', () => markSent((sentAt = performance.now())));
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve({ sentAt, answeredAt: performance.now(), status: res.statusCode }));
      res.on('error', (error: NodeJS.ErrnoException) =>
        resolve({ sentAt, answeredAt: performance.now(), error: error.code ?? error.message }),
      );
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ sentAt, answeredAt: performance.now(), error: error.code ?? error.message }),
    );
    req.end(payload);
  });
  return { sent, outcome };
}

export interface Storm {
  outcomes: Outcome[];
  /** performance.now() when SIGTERM was sent. */
  signalledAt: number;
}

/**
 * `batches` of `size` POSTs on fresh connections, a batch once the one before is answered;
 * `signal()` runs `delayMs` after POST number `signalAfter` was sent, mid-batch.
 */
export async function postStorm(
  url: string,
  token: string,
  options: { batches: number; size: number; signalAfter: number; delayMs: number; signal: () => void },
): Promise<Storm> {
  const outcomes: Outcome[] = [];
  let signalledAt = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < options.batches; batch++) {
    const posts = Array.from({ length: options.size }, (_, index) => {
      const number = batch * options.size + index + 1;
      const post = freshPost(url, token, { title: `Storm ${number}`, content: 'Sent around SIGTERM' });
      if (number === options.signalAfter) {
        void post.sent.then(() =>
          setTimeout(() => {
            signalledAt = performance.now();
            options.signal();
          }, options.delayMs),
        );
      }
      return post.outcome;
    });
    outcomes.push(...(await Promise.all(posts)));
  }
  return { outcomes, signalledAt };
}

/** A connection opened now, whose one request is written later, as a client across a slow network would. */
export async function openConnection(
  baseUrl: string,
): Promise<{ socket: Socket; post(path: string, token: string, body: object): Promise<RawAnswer> }> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  await once(socket, 'connect');
  const post = async (path: string, token: string, body: object): Promise<RawAnswer> => {
    const payload = JSON.stringify(body);
    let text = '';
    socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const ended = once(socket, 'close');
    socket.write(
      `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${token}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(payload)}\r\n\r\n${payload}`,
    );
    await ended;
    return parseRawAnswer(text);
  };
  return { socket, post };
}

/** A keep-alive connection that has had one answer and now waits, idle, for the next request. */
export async function idleKeepAliveSocket(baseUrl: string): Promise<Socket> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const req = httpRequest(`${baseUrl}/health/live`, { agent });
  req.end();
  const [socket] = (await once(req, 'socket')) as [Socket];
  const [res] = (await once(req, 'response')) as [IncomingMessage];
  res.resume();
  await once(res, 'end');
  return socket;
}
