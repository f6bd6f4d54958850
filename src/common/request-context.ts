/** What the pipeline leaves on a request: its id (request-id middleware) and, once signed in, its user. */
export interface RequestContext {
  id?: string;
  user?: { id: string } | null;
}
