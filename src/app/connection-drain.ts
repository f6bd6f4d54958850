import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long a new connection may take to send its first request once draining, before it is closed. */
export const FIRST_REQUEST_GRACE_MS = 1_000;
/** The longest the listener stays open to accept what the kernel queued before the drain. */
export const ACCEPT_QUEUED_MAX_MS = 500;

export interface ConnectionDrain {
  /**
   * Stops accepting connections once those the kernel already queued are accepted, and resolves
   * once every open one has closed:
   * - one that answered its last request and waits for the next closes at once;
   * - one with a request running closes after its answer, sent with `Connection: close`;
   * - a new one gets its first request answered, unless it sends none for `FIRST_REQUEST_GRACE_MS`.
   */
  drain(): Promise<void>;
}

/**
 * Follows the server's connections from now on, for a drain that resets no request a client sent.
 * Two things in Node reset such requests:
 * - closing the listener resets the connections still in the kernel's accept queue, and Node
 *   accepts one queued connection per event-loop turn;
 * - `server.close()` closes every idle connection at once, and to Node a connection is idle until
 *   it parsed the request's first bytes, so one accepted just before is reset with its request unread.
 */
export function trackConnections(server: Server): ConnectionDrain {
  // Each connection that has had a request, with the last response it got (or is getting).
  const lastResponse = new Map<Socket, ServerResponse>();
  let draining = false;

  server.prependListener('request', (request, response: ServerResponse) => {
    const socket = request.socket;
    if (!lastResponse.has(socket)) socket.once('close', () => lastResponse.delete(socket));
    lastResponse.set(socket, response);
    if (draining) response.setHeader('connection', 'close');
  });

  /** Turns the event loop until a turn accepts no connection (the queue is empty), within a bound. */
  async function acceptQueued(): Promise<void> {
    let accepted = 0;
    const count = () => accepted++;
    server.on('connection', count);
    const until = Date.now() + ACCEPT_QUEUED_MAX_MS;
    await nextTurn(); // the rest of this turn: the first to poll for connections is the next one
    for (let seen = -1; seen !== accepted && Date.now() < until;) {
      seen = accepted;
      await nextTurn();
    }
    server.off('connection', count);
  }

  async function drain(): Promise<void> {
    draining = true;
    await acceptQueued();
    // net.Server's close, not http.Server's: that one would close the idle connections at once.
    const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
    const started = Date.now();
    const sweep = () => {
      for (const [socket, response] of lastResponse) if (response.writableFinished) socket.destroy();
      // Past the grace, a connection still without a request is a client that will not send one.
      if (Date.now() - started >= FIRST_REQUEST_GRACE_MS) server.closeIdleConnections();
    };
    sweep();
    const sweeper = setInterval(sweep, 50);
    await closed;
    clearInterval(sweeper);
  }

  return { drain };
}
