import express, { type NextFunction, type Request, type Response } from 'express';
import { isJsonContentType } from '../common/http/json-content-type';
import { CLIENT_IP_HEADER } from './better-auth.factory';

interface ParserError {
  status?: number;
  type?: string;
}

/**
 * Runs in front of Better Auth's handler. Better Auth answers an unparseable JSON
 * body with a 500, so the body is parsed here (better-call reads `req.body` when
 * the stream is consumed) and a bad one gets a 4xx in Better Auth's own error shape.
 * It also hands Better Auth the client's address, which its rate limiter needs.
 */
export function authRequestMiddleware(limit: string | number) {
  const parseJson = express.json({ limit, type: isJsonContentType });
  return (req: Request, res: Response, next: () => void): void => {
    req.headers[CLIENT_IP_HEADER] = req.ip ?? req.socket.remoteAddress ?? '';
    parseJson(req, res, ((error?: ParserError) => {
      if (error?.type === 'entity.too.large') {
        res.status(413).json({ code: 'PAYLOAD_TOO_LARGE', message: 'Request body is too large' });
      } else if (error || (req.body !== undefined && (typeof req.body !== 'object' || Array.isArray(req.body)))) {
        // Every Better Auth body is a JSON object; anything else it would answer with a 500.
        res.status(error?.status ?? 400).json({ code: 'INVALID_JSON_BODY', message: 'Request body must be a JSON object' });
      } else {
        next();
      }
    }) as NextFunction);
  };
}
