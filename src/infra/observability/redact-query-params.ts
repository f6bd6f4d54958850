// Drizzle's DrizzleQueryError message ends with the query's parameters: request data.
const QUERY_PARAMS = /\nparams: [\s\S]*?(?=\n\s+at |$)/g;

/** Removes the bound parameters Drizzle puts in its error messages and stacks. */
export function redactQueryParams(text: string): string {
  return text.replace(QUERY_PARAMS, '\nparams: [redacted]');
}

/** An error's stack and its causes' messages (a driver's reason sits in Drizzle's `cause`), parameters removed. */
export function errorForLog(error: unknown): string {
  let text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause instanceof Error && depth < 4; depth++, cause = cause.cause) text += `\nCaused by: ${cause.message}`;
  return redactQueryParams(text);
}
