import { UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { hasBody, isJsonMediaType } from './json-content-type';

/** 415 for a body in any type but JSON, except under `skipPrefix` (Better Auth parses its own). */
export function requireJsonBody(skipPrefix: string) {
  return (request: Request, _response: Response, next: NextFunction): void => {
    const path = request.originalUrl;
    const skipped = path === skipPrefix || path.startsWith(`${skipPrefix}/`) || path.startsWith(`${skipPrefix}?`);
    if (!skipped && hasBody(request) && !isJsonMediaType(request.headers['content-type'])) {
      next(new UnsupportedMediaTypeException('Send the request body as JSON (Content-Type: application/json)'));
      return;
    }
    next();
  };
}
