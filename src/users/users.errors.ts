import { DomainError } from '../common/domain-error';

export class UserNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor() {
    super('User not found');
  }
}
