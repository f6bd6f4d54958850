// PostgreSQL SQLSTATE codes (and classes) that mean "the database is not reachable right now".
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0[1-4])/;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection.*(closed|ended|refused)/i,
  /pglite is closed/i,
  /cannot use a pool after calling end/i,
  /client has encountered a connection error/i,
];

/** The error, then its causes (and an AggregateError's first member), as far as 8 deep. */
export function* causeChain(exception: unknown): Generator<Record<string, unknown>> {
  let current = exception;
  for (let depth = 0; isRecord(current) && depth < 8; depth++) {
    yield current;
    // AggregateError (a refused connection to every address of a host) nests its causes in `errors`.
    if (Array.isArray(current.errors) && current.errors.length > 0) {
      current = current.errors[0];
    } else {
      current = current.cause;
    }
  }
}

/** One error of a chain says the database could not be reached (not that it refused the statement). */
export function isUnavailableError(error: Record<string, unknown>): boolean {
  const code = typeof error.code === 'string' ? error.code : undefined;
  if (code && (UNAVAILABLE_SQLSTATE.test(code) || NETWORK_CODES.has(code))) return true;
  const message = typeof error.message === 'string' ? error.message : '';
  return UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message));
}

/** The database could not be reached, or the connection broke. */
export function isUnavailable(exception: unknown): boolean {
  for (const error of causeChain(exception)) if (isUnavailableError(error)) return true;
  return false;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
