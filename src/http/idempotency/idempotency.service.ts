import { Injectable } from '@nestjs/common';
import type { ReplyHeaders } from '../../common/node-http';
import type { RequestContext } from '../../common/request-context';
import { UnitOfWork } from '../../infra/database/unit-of-work';
import { KeyInFlight, KeyReusedWithOtherBody } from './idempotency.errors';
import { parseIdempotencyKey, requestFingerprint } from './idempotency-key';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

// The headers of a first answer that a replay repeats: stored by lower-case name (as earlier
// releases stored `etag`), sent back spelled as the first answer spelled them.
const REPLAYED_HEADERS = { etag: 'ETag', location: 'Location' };

/** What the service reads of the request (Express's or Fastify's). */
export interface IdempotentRequest extends RequestContext {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  body?: unknown;
}

/**
 * The Idempotency-Key protocol (IETF httpapi draft) around a signed-in write: a retry with
 * the same key and body replays the first answer and runs nothing; the same key with
 * another body is a 422. The handler's write and the key's record share one transaction.
 */
@Injectable()
export class IdempotencyService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly keys: IdempotencyKeysRepository,
  ) {}

  /** Runs `handle` (the route's handler) under the request's key, if it has one. */
  run(
    operation: string,
    status: number,
    request: IdempotentRequest,
    response: ReplyHeaders,
    handle: () => Promise<unknown>,
  ): Promise<unknown> {
    const key = parseIdempotencyKey(request.headers['idempotency-key'] as string | undefined);
    const userId = request.user?.id;
    if (key === undefined || userId === undefined) return handle();
    const fingerprint = requestFingerprint(operation, request.body);
    return this.unitOfWork.run(async (tx) => {
      const keys = this.keys.bind(tx);
      const earlier = await keys.findLive(userId, key);
      if (earlier && earlier.fingerprint !== fingerprint) throw new KeyReusedWithOtherBody();
      if (earlier) {
        for (const [stored, sent] of Object.entries(REPLAYED_HEADERS)) {
          if (earlier.headers[stored] !== undefined) response.header(sent, earlier.headers[stored]);
        }
        response.header('Idempotent-Replayed', 'true');
        return earlier.body;
      }
      const body = await handle();
      const headers = Object.fromEntries(
        Object.keys(REPLAYED_HEADERS).flatMap((name) => (response.hasHeader(name) ? [[name, String(response.getHeader(name))]] : [])),
      );
      // Another request with this key committed first: this one rolls back and changes nothing,
      // so its 409 must not point at (Location) or describe (ETag) the post it rolled back.
      if (!(await keys.save(userId, key, { fingerprint, status, headers, body }))) {
        for (const name of Object.keys(REPLAYED_HEADERS)) response.removeHeader(name);
        throw new KeyInFlight();
      }
      return body;
    });
  }
}
