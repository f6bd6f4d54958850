/** What a rule refused, by kind; mapError (http/errors) gives each kind its HTTP status. */
export type DomainErrorKind = 'not-found' | 'forbidden' | 'conflict' | 'stale' | 'unprocessable';

/** Services throw these, never HTTP exceptions: the edge decides what a refusal looks like. */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}
