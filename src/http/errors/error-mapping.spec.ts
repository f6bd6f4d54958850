import { BadRequestException, NotFoundException, PreconditionFailedException } from '@nestjs/common';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { z } from 'zod';
import { DomainError, type DomainErrorKind } from '../../common/domain-error';
import { RequestValidationException } from '../validation/request-validation.exception';
import { mapError } from './error-mapping';

function pgError(code: string, message = 'driver text that must not leak'): Error {
  return Object.assign(new Error(message), { code });
}

describe(mapError.name, () => {
  it('keeps the status and message of Nest HTTP exceptions', () => {
    expect(mapError(new NotFoundException('Post not found'))).toEqual({ status: 404, detail: 'Post not found' });
    expect(mapError(new PreconditionFailedException('stale'))).toEqual({ status: 412, detail: 'stale' });
  });

  it('gives each kind of domain error its status and keeps its message', () => {
    const refusal = (kind: DomainErrorKind) =>
      new (class extends DomainError {
        readonly kind = kind;
      })(`refused: ${kind}`);
    const statuses = (['not-found', 'forbidden', 'conflict', 'stale', 'unprocessable'] as const).map((kind) => mapError(refusal(kind)));
    expect(statuses).toEqual([
      { status: 404, detail: 'refused: not-found' },
      { status: 403, detail: 'refused: forbidden' },
      { status: 409, detail: 'refused: conflict' },
      { status: 412, detail: 'refused: stale' },
      { status: 422, detail: 'refused: unprocessable' },
    ]);
  });

  it('joins class-validator style message arrays', () => {
    expect(mapError(new BadRequestException(['a', 'b'])).detail).toBe('a; b');
  });

  it('turns zod issues into field errors, one per unknown key', () => {
    const result = z.strictObject({ title: z.string().min(1, 'Title is required') }).safeParse({ title: '', extra: 1, other: 2 });
    const mapped = mapError(RequestValidationException.fromZod('body', result.error!));
    expect(mapped.status).toBe(400);
    expect(mapped.detail).toBe('Request body is invalid');
    expect(mapped.errors).toEqual([
      { path: 'title', code: 'too_small', message: 'Title is required' },
      { path: 'extra', code: 'unrecognized_keys', message: 'Unknown field "extra"' },
      { path: 'other', code: 'unrecognized_keys', message: 'Unknown field "other"' },
    ]);
  });

  it('maps body-parser errors by type', () => {
    const tooLarge = Object.assign(new Error('request entity too large'), {
      expose: true,
      status: 413,
      type: 'entity.too.large',
      limit: 1048576,
    });
    expect(mapError(tooLarge)).toEqual({ status: 413, detail: 'Request body is larger than the limit of 1048576 bytes' });
    const charset = Object.assign(new Error('unsupported charset "LATIN-9"'), { expose: true, status: 415, type: 'charset.unsupported' });
    expect(mapError(charset).status).toBe(415);
  });

  it('maps a unique violation to 409, also when wrapped by Drizzle', () => {
    const wrapped = new DrizzleQueryError('insert into users …', [], pgError('23505'));
    expect(mapError(wrapped)).toEqual({ status: 409, detail: 'The request conflicts with an existing resource' });
  });

  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['an admin shutdown', pgError('57P01')],
    ['a statement cancelled by statement_timeout', pgError('57014')],
    ['a connection exception class', pgError('08006')],
    ['a pool connect timeout', new Error('timeout exceeded when trying to connect')],
    ['a terminated connection', new Error('Connection terminated unexpectedly')],
    ['a refusal on every address', new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })])],
  ])('maps %s to 503', (_name, error) => {
    expect(mapError(new DrizzleQueryError('select 1', [], error)).status).toBe(503);
  });

  it('hides everything else behind a bare 500', () => {
    const mapped = mapError(pgError('42P01', 'relation "posts" does not exist'));
    expect(mapped).toEqual({ status: 500, detail: 'An unexpected error occurred' });
    expect(mapError('a string').status).toBe(500);
    expect(mapError(new TypeError('x is undefined')).status).toBe(500);
  });

  it('does not trust a status on an error that does not expose itself', () => {
    expect(mapError(Object.assign(new Error('internal'), { status: 400 })).status).toBe(500);
  });
});
