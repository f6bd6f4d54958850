import { DomainError } from '../../common/domain-error';

export class KeyReusedWithOtherBody extends DomainError {
  readonly kind = 'unprocessable';
  constructor() {
    super('This Idempotency-Key was already used with a different request body');
  }
}

export class KeyInFlight extends DomainError {
  readonly kind = 'conflict';
  constructor() {
    super('A request with this Idempotency-Key is already being processed; retry it');
  }
}
