import { HttpException } from '@nestjs/common';
import { DomainError, type DomainErrorKind } from '../../common/domain-error';
import { causeChain, isUnavailableError } from '../../infra/database/database-errors';
import { TooManyHeavyReads } from '../../infra/database/heavy-reads';
import { RequestValidationException, type FieldError } from '../validation/request-validation.exception';

/** What the client is told about an exception; the rest stays in the log. */
export interface MappedError {
  status: number;
  detail: string;
  errors?: FieldError[];
  headers?: Record<string, string>;
}

const DOMAIN_STATUS: Record<DomainErrorKind, number> = { 'not-found': 404, forbidden: 403, conflict: 409, stale: 412, unprocessable: 422 };

const UNEXPECTED: MappedError = { status: 500, detail: 'An unexpected error occurred' };
const UNAVAILABLE: MappedError = { status: 503, detail: 'The database is unavailable; try again shortly' };
const TOO_SLOW: MappedError = { status: 503, detail: 'The database took too long to answer; try again shortly' };

export function mapError(exception: unknown): MappedError {
  if (exception instanceof RequestValidationException) {
    return { status: 400, detail: exception.message, errors: exception.fieldErrors };
  }
  if (exception instanceof DomainError) {
    return { status: DOMAIN_STATUS[exception.kind], detail: exception.message };
  }
  if (exception instanceof TooManyHeavyReads) {
    return { status: 503, detail: exception.message, headers: { 'Retry-After': '1' } };
  }
  if (exception instanceof HttpException) {
    return { status: exception.getStatus(), detail: httpExceptionDetail(exception) };
  }
  return mapBodyParserError(exception) ?? mapDatabaseError(exception) ?? UNEXPECTED;
}

function httpExceptionDetail(exception: HttpException): string {
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : exception.message;
}

// Errors from body-parser (http-errors): they say themselves whether their message is safe to show.
function mapBodyParserError(exception: unknown): MappedError | undefined {
  if (!isRecord(exception) || exception.expose !== true || typeof exception.status !== 'number') return undefined;
  if (exception.type === 'entity.too.large') {
    return { status: 413, detail: `Request body is larger than the limit of ${String(exception.limit)} bytes` };
  }
  if (exception.status >= 400 && exception.status < 500) {
    return { status: exception.status, detail: String(exception.message) };
  }
  return undefined;
}

function mapDatabaseError(exception: unknown): MappedError | undefined {
  for (const error of causeChain(exception)) {
    const code = typeof error.code === 'string' ? error.code : undefined;
    if (code === '23505') return { status: 409, detail: 'The request conflicts with an existing resource' };
    if (code === '23503') return { status: 409, detail: 'The request refers to a resource that does not exist' };
    // query_canceled: the statement timeout cut a query short.
    if (code === '57014') return TOO_SLOW;
    // node-postgres gave up waiting (query_timeout): no server-side timeout answered first.
    if (typeof error.message === 'string' && /query read timeout/i.test(error.message)) return TOO_SLOW;
    if (isUnavailableError(error)) return UNAVAILABLE;
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
