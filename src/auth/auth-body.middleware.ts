import { Logger } from '@nestjs/common';
import bodyParser from 'body-parser';
import { mapError } from '../http/errors/error-mapping';
import { logServerError } from '../http/errors/server-error-log';
import { requestPath, requestTarget } from '../common/request-path';
import { sendJson } from '../http/send-json';
import { isJsonContentType } from '../http/body/json-content-type';
import { rejectDeepJson } from '../http/body/json-depth';
import type { Next, NodeRequest, NodeResponse } from '../common/node-http';
import { CLIENT_IP_HEADER } from './better-auth.factory';

interface ParserError {
  status?: number;
  type?: string;
  message?: string;
}

// Methods the fetch API refuses to build a Request with: better-call would throw on them.
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

const logger = new Logger('BetterAuth');

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** The `code` of Better Auth's error body for a status. */
export function authErrorCode(status: number): string {
  return CODES[status] ?? 'INTERNAL_SERVER_ERROR';
}

/**
 * Runs in front of Better Auth's handler. Better Auth answers an unparseable JSON
 * body with a 500, so the body is parsed here (better-call reads `req.body` when
 * the stream is consumed) and a bad one gets a 4xx in Better Auth's own error shape.
 * On a route that needs a session (`lacksSession`), a request without one is a 401 before
 * its body is read. It also hands Better Auth the client's address, which its rate limiter
 * needs, and awaits the handler: whatever it throws ends as a response, never as an
 * unhandled rejection (which would end the process).
 */
export function authRequestMiddleware(limit: string | number, lacksSession: (req: NodeRequest) => Promise<boolean> = async () => false) {
  const parseJson = bodyParser.json({ limit, type: isJsonContentType, verify: rejectDeepJson });
  return async (req: NodeRequest, res: NodeResponse, handle: () => unknown): Promise<void> => {
    req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? '';
    // Sessions, tokens and accounts: no answer here is for a shared cache.
    res.setHeader('Cache-Control', 'no-store');
    const unreadable = unreadableRequest(req);
    if (unreadable) {
      req.resume();
      sendJson(res, 400, { code: 'BAD_REQUEST', message: unreadable });
      return;
    }
    // Authentication before input, as the contract orders them: Better Auth reads the body first.
    // A lookup that fails (database down) leaves the request to Better Auth, which answers it.
    if (await lacksSession(req).catch(() => false)) {
      req.resume();
      sendJson(res, 401, { code: 'UNAUTHORIZED', message: 'Unauthorized' });
      return;
    }
    parseJson(req, res, ((error?: ParserError) => {
      if (error?.type === 'entity.too.large') {
        sendJson(res, 413, { code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' });
      } else if (error?.type === 'entity.too.deep') {
        sendJson(res, 400, { code: 'INVALID_JSON_BODY', message: error.message });
      } else if (error || (req.body !== undefined && (typeof req.body !== 'object' || Array.isArray(req.body)))) {
        // Every Better Auth body is a JSON object; anything else it would answer with a 500.
        sendJson(res, error?.status ?? 400, { code: 'INVALID_JSON_BODY', message: 'Request body must be a JSON object' });
      } else {
        void runHandler(req, res, handle);
      }
    }) as Next);
  };
}

/** Why better-call could not turn this request into a fetch Request, if it could not. */
function unreadableRequest(req: NodeRequest): string | undefined {
  if (FORBIDDEN_METHODS.has(req.method ?? '')) return `Method ${req.method} is not supported`;
  // better-call builds the URL from Host and X-Forwarded-Proto, both sent by the client.
  const proto = req.headers['x-forwarded-proto'] ?? ((req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
  if (!URL.canParse(`${String(proto)}://${req.headers.host ?? ''}${requestTarget(req)}`)) {
    return 'The request URL cannot be read (check the Host and X-Forwarded-Proto headers)';
  }
  return undefined;
}

async function runHandler(req: NodeRequest, res: NodeResponse, handle: () => unknown): Promise<void> {
  try {
    await handle();
  } catch (error) {
    const id = req.id ?? '';
    const url = requestTarget(req);
    const method = req.method ?? '';
    const mapped = mapError(error);
    const status = mapped.status >= 500 ? mapped.status : 400;
    if (status >= 500) logServerError(logger, error, status, url, { requestId: id, method, route: requestPath(req) });
    else logger.warn(`${method} ${url} (request ${id}) answered 400: ${mapped.detail}`);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, status, { code: authErrorCode(status), message: status === 400 ? 'The request could not be handled' : mapped.detail });
  }
}
