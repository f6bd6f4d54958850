import { createHash } from 'node:crypto';
import { RequestValidationException } from '../validation/request-validation.exception';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
/** How long a key's first answer is replayed. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

// An sf-string per the IETF draft ("…"); a bare token is accepted too. Printable ASCII only.
export const IDEMPOTENCY_KEY_PATTERN = /^"?([\x20-\x21\x23-\x7e]{1,255})"?$/;

/** The key the header carries, `undefined` when absent; a malformed one is a 400. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const match = IDEMPOTENCY_KEY_PATTERN.exec(header.trim());
  if (!match) {
    throw new RequestValidationException('header', [
      { path: IDEMPOTENCY_KEY_HEADER, code: 'invalid_format', message: 'Idempotency-Key must be 1 to 255 printable ASCII characters' },
    ]);
  }
  return match[1];
}

/** Identifies a request for replay: the same operation with the same validated body. */
export function requestFingerprint(operation: string, body: unknown): string {
  return createHash('sha256').update(operation).update('\n').update(JSON.stringify(body)).digest('hex');
}
