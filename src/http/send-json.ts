import type { ServerResponse } from 'node:http';

/** Answers `status` with `body` as JSON on Node's own response: what Express's `res.status().json()` sends. */
export function sendJson(response: ServerResponse, status: number, body: unknown, method?: string): void {
  const text = JSON.stringify(body);
  response.statusCode = status;
  response.setHeader('Content-Type', 'application/json; charset=utf-8');
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(method === 'HEAD' ? undefined : text);
}
