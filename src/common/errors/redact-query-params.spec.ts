import { redactQueryParams } from './redact-query-params';

describe(redactQueryParams.name, () => {
  it("removes the parameters from Drizzle's failed-query messages and stacks", () => {
    const message = 'Failed query: insert into "posts" ("title") values ($1)\nparams: my secret title';
    expect(redactQueryParams(message)).toBe('Failed query: insert into "posts" ("title") values ($1)\nparams: [redacted]');
    const stack = `Error: ${message}\n    at PglitePreparedQuery.queryWithCache (session.ts:73:11)`;
    expect(redactQueryParams(stack)).toBe(
      'Error: Failed query: insert into "posts" ("title") values ($1)\nparams: [redacted]\n    at PglitePreparedQuery.queryWithCache (session.ts:73:11)',
    );
  });

  it('leaves other text alone', () => {
    expect(redactQueryParams('relation "posts" does not exist')).toBe('relation "posts" does not exist');
  });
});
