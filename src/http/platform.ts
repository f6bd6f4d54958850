import type { INestApplication } from '@nestjs/common';
import type { AbstractHttpAdapter } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Express } from 'express';
import type { NodeRequest } from '../common/node-http';
import { requestPath } from '../common/request-path';
import { heldBodyError, holdBodyError } from './body/held-body-error';
import { PROBLEM_CONTENT_TYPE_HEADER, problemDetails } from './errors/problem-details';
import { requestIdOf } from './request-id.middleware';
import { sendReply } from './send-json';

/** The HTTP platforms the pipeline runs on. */
export type HttpPlatform = 'express' | 'fastify';

export interface HttpAdapterOptions {
  /** The real client address behind a load balancer: Express's `trust proxy`, Fastify's `trustProxy`. */
  trustProxy?: boolean | number | string;
}

/**
 * The HTTP adapter for `NestFactory.create(module, adapter, { bodyParser: false })`. Fastify is
 * set up to route as Express does (trailing slash and case ignored, long path parameters reach
 * validation) and to answer a malformed URL with problem+json; its `trustProxy` can only be
 * given here. The platform's package is loaded only when asked for.
 */
export async function createHttpAdapter(platform: HttpPlatform, options: HttpAdapterOptions = {}): Promise<AbstractHttpAdapter> {
  if (platform === 'express') {
    const { ExpressAdapter } = await import('@nestjs/platform-express');
    const adapter = new ExpressAdapter();
    if (options.trustProxy !== undefined) (adapter.getInstance() as Express).set('trust proxy', options.trustProxy);
    return adapter;
  }
  const { FastifyAdapter } = await import('@nestjs/platform-fastify');
  return new FastifyAdapter({
    trustProxy: options.trustProxy as boolean | string | number | undefined,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: 10_000 },
    // Fastify answers these before any middleware runs (a `%` that decodes to nothing, say).
    frameworkErrors: (error: Error, request: FastifyRequest, reply: FastifyReply) => {
      const problem = problemDetails(
        400,
        `The request cannot be read: ${error.message}`,
        requestPath(request.raw),
        requestIdOf(request.raw),
      );
      sendReply(reply, 400, { 'X-Request-Id': problem.requestId }, PROBLEM_CONTENT_TYPE_HEADER, JSON.stringify(problem));
    },
  }) as unknown as AbstractHttpAdapter;
}

/** Which platform an app runs on. */
export function platformOf(app: INestApplication): HttpPlatform {
  return app.getHttpAdapter().getType() === 'fastify' ? 'fastify' : 'express';
}

/** Express: no X-Powered-By, automatic ETags only when asked for. */
export function prepareExpress(app: INestApplication, options: { automaticETags?: boolean; trustProxy?: boolean | number | string }): void {
  const express = app.getHttpAdapter().getInstance() as Express;
  express.disable('x-powered-by');
  express.set('etag', options.automaticETags ?? false);
  if (options.trustProxy !== undefined) express.set('trust proxy', options.trustProxy);
}

/**
 * Fastify: the pipeline's middleware parses bodies, as on Express (bounded, before routing), so
 * Fastify's own parsers give way to one that hands on what it parsed; the route pattern is copied
 * onto Node's request, where metrics and the log read it (middie copies the client address).
 */
export function prepareFastify(app: INestApplication, options: { trustProxy?: unknown }): void {
  if (options.trustProxy !== undefined)
    throw new Error(
      "On Fastify, trustProxy is the adapter's: pass it to createHttpAdapter('fastify', { trustProxy }), not to configureApp",
    );
  const adapter = app.getHttpAdapter() as unknown as AbstractHttpAdapter;
  const fastify = adapter.getInstance() as FastifyInstance;
  fastify.removeAllContentTypeParsers();
  // A body that did not parse is not handed on: the preHandler hook below holds its 400 (holdBodyError).
  fastify.addContentTypeParser('*', (request, _payload, done) =>
    done(null, heldBodyError(request.raw) === undefined ? (request.raw as NodeRequest).body : undefined),
  );
  // Nest would add its own parsers at init unless created with bodyParser: false.
  (adapter as unknown as { registerParserMiddleware: () => void }).registerParserMiddleware = () => undefined;
  // Once the route is to run, after the middleware: as on Express, a request refused before routing has no route.
  fastify.addHook('preHandler', (request, _reply, done) => {
    (request.raw as NodeRequest).routePattern = request.routeOptions.url;
    const bodyError = heldBodyError(request.raw);
    if (bodyError !== undefined) holdBodyError(request, bodyError);
    done();
  });
}
