/** One call of a repository method whose SQL is written to `queries/` (see test/sql/). */
export interface SqlExample {
  /** Tells examples of one method apart, e.g. `a search`. */
  name?: string;
  params: unknown[];
}

const GENERATE_SQL = Symbol('GENERATE_SQL');

/** Values for examples: distinct, so tests and the benchmark can swap them for their own. */
export const Example = {
  postId: '00000000-0000-4000-8000-00000000000a',
  userId: '00000000-0000-4000-8000-00000000000b',
  search: 'example search',
  cursor: { createdAt: new Date('2026-01-01T00:00:00.000Z'), id: '00000000-0000-4000-8000-00000000000c' },
  offset: 40,
  token: 'example-session-token',
} as const;

/** Like immich's: the method's SQL, run with each example, is kept in a committed `.sql` snapshot. */
export function GenerateSql(...examples: SqlExample[]): MethodDecorator {
  return (target, key) => {
    const all: Map<string | symbol, SqlExample[]> = Reflect.getOwnMetadata(GENERATE_SQL, target) ?? new Map();
    all.set(key, examples.length ? examples : [{ params: [] }]);
    Reflect.defineMetadata(GENERATE_SQL, all, target);
  };
}

/** The examples declared on a repository class, by method name. */
export function sqlExamples(repository: abstract new (...args: never[]) => unknown): Map<string | symbol, SqlExample[]> {
  return Reflect.getOwnMetadata(GENERATE_SQL, repository.prototype) ?? new Map();
}
