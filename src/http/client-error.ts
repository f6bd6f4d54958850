import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { requestPath } from '../common/request-path';
import { problemDetails, PROBLEM_CONTENT_TYPE_HEADER } from './errors/problem-details';

/** What Node's HTTP parser reports for a request it cannot read (`clientError`). */
interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

// The statuses Node's own handler answers with; any other parser error is a 400.
const STATUS_BY_CODE: Record<string, number> = {
  HPE_HEADER_OVERFLOW: 431,
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 413,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
};

const DETAIL_BY_STATUS: Record<number, string> = {
  400: 'The request is not valid HTTP/1.1 (check the request line and header syntax)',
  408: 'The request took too long to arrive',
  413: 'A chunk extension is too large',
  431: 'The request headers are too large',
};

/** The path of the request line, read as the problem filter reads it, when the parser got that far; `/` otherwise. */
export function requestLinePath(rawPacket: Buffer | undefined): string {
  const line = rawPacket?.subarray(0, 8192).toString('latin1').split('\r\n', 1)[0] ?? '';
  return requestPath({ url: /^[A-Z]+ (\S+) HTTP\/\d\.\d$/.exec(line)?.[1] });
}

/**
 * Answers a request Node's parser refused (a malformed or oversized header, a timeout) with a
 * problem, as any other bad input, instead of Node's bare status line or Fastify's own JSON.
 * Nothing is written when a response on this connection has already begun, as Node does.
 */
export function answerClientError(error: ParserError, socket: Socket): void {
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status = STATUS_BY_CODE[error.code ?? ''] ?? 400;
  const requestId = randomUUID();
  const body = JSON.stringify(problemDetails(status, DETAIL_BY_STATUS[status], requestLinePath(error.rawPacket), requestId));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE_HEADER}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\n\r\n${body}`,
  );
}

/** Puts answerClientError in the place of the server's own handlers (Node's default, Fastify's). */
export function answerClientErrorsWithProblems(server: Server): void {
  server.removeAllListeners('clientError');
  server.on('clientError', answerClientError);
}
