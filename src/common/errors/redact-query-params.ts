// Drizzle's DrizzleQueryError message ends with the query's parameters: request data.
const QUERY_PARAMS = /\nparams: [\s\S]*?(?=\n\s+at |$)/g;

/** Removes the bound parameters Drizzle puts in its error messages and stacks. */
export function redactQueryParams(text: string): string {
  return text.replace(QUERY_PARAMS, '\nparams: [redacted]');
}
