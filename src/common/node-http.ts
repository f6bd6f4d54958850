import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext } from './request-context';

/**
 * A request as the pipeline's middleware sees it on either platform: Node's own (Fastify hands
 * middleware that one; Express's extends it), with what Express, our Fastify hook
 * (see http/platform) and the pipeline leave on it.
 */
export type NodeRequest = IncomingMessage &
  RequestContext & {
    originalUrl?: string;
    /** The client's address, after the platform's trust-proxy setting. */
    ip?: string;
    body?: unknown;
    /** Express: the route that matched. */
    route?: { path?: string };
    /** Fastify: the pattern of the route that matched (set by our hook). */
    routePattern?: string;
  };

export type NodeResponse = ServerResponse;

/** Calls the next middleware, or with an error, the error handling. */
export type Next = (error?: unknown) => void;

/** Node's request behind Fastify's wrapper; Express's request is Node's. */
export function nodeRequest(request: object): NodeRequest {
  return ((request as { raw?: NodeRequest }).raw ?? request) as NodeRequest;
}

/** Node's response behind Fastify's reply; Express's response is Node's. */
export function nodeResponse(response: object): NodeResponse {
  return ((response as { raw?: NodeResponse }).raw ?? response) as NodeResponse;
}

/** The pattern of the route that served the request (`/api/posts/:id`), on either platform. */
export function routePattern(request: NodeRequest): string | undefined {
  return request.route?.path ?? request.routePattern;
}

/**
 * What a handler's `@Res({ passthrough: true })` offers on both platforms: Express's response
 * and Fastify's reply both have these.
 */
export interface ReplyHeaders {
  header(name: string, value: string): unknown;
  getHeader(name: string): unknown;
  hasHeader(name: string): boolean;
  removeHeader(name: string): unknown;
}
