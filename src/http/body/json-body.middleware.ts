import { UnsupportedMediaTypeException } from '@nestjs/common';
import bodyParser from 'body-parser';
import type { Next, NodeRequest, NodeResponse } from '../../common/node-http';
import { requestPath } from '../../common/request-path';
import { isUnder } from '../mounted-routes';
import { hasBody, isJsonContentType, isJsonMediaType } from './json-content-type';
import { rejectDeepJson } from './json-depth';
import { holdBodyError } from './held-body-error';

export interface JsonBodyOptions {
  /** Largest body accepted. */
  limit: string | number;
  /** Requests under this path read their own bodies (Better Auth's routes). */
  skipPath?: string;
}

// What is wrong with the body itself; a client that left or a length mismatch is answered at once.
const HELD_ERRORS = new Set(['entity.parse.failed', 'entity.too.deep']);

/**
 * JSON bodies only (415 otherwise), at most `limit` bytes (413) and 64 levels deep (400). A body
 * that does not parse is a 400 only when a route reads it, after its guards (holdBodyError): the
 * contract checks authentication (401) before input (400).
 */
export function jsonBody({ limit, skipPath }: JsonBodyOptions) {
  // strict: false: a `null` body is valid JSON; validation then says what is wrong with it.
  const parse = bodyParser.json({ limit, type: isJsonContentType, strict: false, verify: rejectDeepJson });
  // Named as Nest's own JSON parser, which Nest then does not add (see configureApp).
  return function jsonParser(request: NodeRequest, response: NodeResponse, next: Next): void {
    if (skipPath !== undefined && isUnder(requestPath(request), skipPath)) return next();
    if (hasBody(request) && !isJsonMediaType(request.headers['content-type'])) {
      return next(new UnsupportedMediaTypeException('Send the request body as JSON (Content-Type: application/json)'));
    }
    parse(request, response, (error?: { type?: string }) => {
      if (!error?.type || !HELD_ERRORS.has(error.type)) return next(error);
      holdBodyError(request, error);
      next();
    });
  };
}

/**
 * Parses nothing: it holds the name of Nest's form parser, which Nest then does not add to an
 * app created without `bodyParser: false`. Forms get a 415 from jsonParser on our routes, and
 * Better Auth reads its own bodies.
 */
export function urlencodedParser(_request: NodeRequest, _response: NodeResponse, next: Next): void {
  next();
}
