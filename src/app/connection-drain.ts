import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long a connection that has sent no request may stay open once draining. */
export const FIRST_REQUEST_GRACE_MS = 1_000;
/** The longest the listener stays open to accept what the kernel queued before the drain. */
export const ACCEPT_QUEUED_MAX_MS = 500;

export interface ConnectionDrain {
  /**
   * Accepts the connections the kernel already queued, stops listening, and resolves once every
   * connection has closed:
   * - one that answered its last request and waits for the next closes at once (Node's rule);
   * - one with a request running closes after its answer, sent with `Connection: close`;
   * - one that has not sent a request yet gets it answered, unless it sends none for `FIRST_REQUEST_GRACE_MS`.
   */
  drain(): Promise<void>;
}

/**
 * Follows the server's connections from now on, for a drain that resets no request a client sent.
 * Closing the listener resets every connection still in the kernel's accept queue, and Node
 * accepts one queued connection per event-loop turn: a burst that arrived just before SIGTERM is
 * mostly still queued when the signal is handled.
 */
export function trackConnections(server: Server): ConnectionDrain {
  // Connections that have not sent a request yet: Node's closeIdleConnections leaves them open.
  const silent = new Set<Socket>();
  let accepted = 0;
  let draining = false;

  server.on('connection', (socket: Socket) => {
    accepted++;
    silent.add(socket);
    socket.once('close', () => silent.delete(socket));
  });
  server.prependListener('request', (request, response) => {
    silent.delete(request.socket);
    if (draining) response.setHeader('connection', 'close');
  });

  /** Turns the event loop until a turn accepts no connection (the queue is empty), within a bound. */
  async function acceptQueued(): Promise<void> {
    const until = Date.now() + ACCEPT_QUEUED_MAX_MS;
    await nextTurn(); // the rest of this turn: the first to poll for connections is the next one
    for (let seen = -1; seen !== accepted && Date.now() < until;) {
      seen = accepted;
      await nextTurn();
    }
  }

  async function drain(): Promise<void> {
    draining = true;
    await acceptQueued();
    // Stops listening, and closes the idle keep-alive connections at once.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const started = Date.now();
    const sweeper = setInterval(() => {
      server.closeIdleConnections();
      if (Date.now() - started >= FIRST_REQUEST_GRACE_MS) for (const socket of silent) socket.destroy();
    }, 50);
    await closed;
    clearInterval(sweeper);
  }

  return { drain };
}
