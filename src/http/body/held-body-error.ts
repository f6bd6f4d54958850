const ERROR = Symbol('heldBodyError');
type Holding = { [ERROR]?: unknown };

/**
 * Makes reading `request.body` throw `error`, the 400 of a JSON body that did not parse. Nest
 * reads `@Body()` after the route's guards, so a route that needs a session answers 401 first,
 * as the contract orders the checks; a route that reads no body never meets it. Nothing runs on
 * requests whose body parsed: an interceptor doing this cost every request (README, "Performance").
 */
export function holdBodyError(request: object, error: unknown): void {
  (request as Holding)[ERROR] = error;
  Object.defineProperty(request, 'body', {
    configurable: true,
    enumerable: true,
    get: () => {
      throw error;
    },
    // A later parser may still assign one (Nest's own, in a host that left them on).
    set: (value: unknown) => Object.defineProperty(request, 'body', { value, writable: true, configurable: true, enumerable: true }),
  });
}

/** The error {@link holdBodyError} put on this request, read without throwing it. */
export function heldBodyError(request: object): unknown {
  return (request as Holding)[ERROR];
}
