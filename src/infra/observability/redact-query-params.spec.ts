import { errorForLog, redactQueryParams } from './redact-query-params';

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

describe(errorForLog.name, () => {
  it("adds the causes' messages to the stack and removes the parameters", () => {
    const driver = new Error('new row violates check constraint "users_name_check"');
    const query = new Error('Failed query: insert into "users" ("name") values ($1)\nparams: secret@example.com', { cause: driver });
    const text = errorForLog(query);
    expect(text).toContain('Caused by: new row violates check constraint "users_name_check"');
    expect(text).toContain('params: [redacted]');
    expect(text).not.toContain('secret@example.com');
  });
});
