import type { ServerResponse } from 'node:http';

/** What Express's `res.json()` and Fastify's serialiser send as the type of a JSON body. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Answers `status` with `body` as JSON on Node's own response: what Express's `res.status().json()`
 * sends (Node itself leaves the body out of an answer to HEAD).
 */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  sendReply(response, status, undefined, JSON_CONTENT_TYPE, JSON.stringify(body));
}

/** Fastify's reply: what it sends goes through its hooks and serialisation, not around them. */
interface FastifyLikeReply {
  raw: ServerResponse;
  code(status: number): FastifyLikeReply;
  header(name: string, value: string): FastifyLikeReply;
  send(body: string): unknown;
}

function isFastifyReply(reply: object): reply is FastifyLikeReply {
  return 'raw' in reply && typeof (reply as { code?: unknown }).code === 'function';
}

/**
 * Ends the response with `text` (no ETag: Express's send() would add one) on Express's
 * response, Node's, or Fastify's reply.
 */
export function sendReply(
  reply: object,
  status: number,
  headers: Record<string, string> | undefined,
  contentType: string,
  text: string,
): void {
  if (isFastifyReply(reply)) {
    reply.code(status).header('Content-Type', contentType);
    for (const [name, value] of Object.entries(headers ?? {})) reply.header(name, value);
    reply.send(text);
    return;
  }
  const response = reply as ServerResponse;
  response.statusCode = status;
  for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
  response.setHeader('Content-Type', contentType);
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
}
