import { DomainError } from '../common/domain-error';

export class PostNotFound extends DomainError {
  readonly kind = 'not-found';
  constructor() {
    super('Post not found');
  }
}

export class NotAuthor extends DomainError {
  readonly kind = 'forbidden';
  constructor(action: 'change this post' | 'read the history of a post') {
    super(`Only the author can ${action}`);
  }
}

export class StaleVersion extends DomainError {
  readonly kind = 'stale';
  constructor() {
    super('If-Match does not match the current ETag of the post; fetch it again');
  }
}
