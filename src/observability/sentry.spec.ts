import type { ErrorEvent } from '@sentry/nestjs';
import { redactQueryParams, scrubEvent } from './sentry';

describe(scrubEvent.name, () => {
  it('removes credentials, cookies and the body, and keeps the rest', () => {
    const event = {
      type: undefined,
      request: {
        url: 'http://localhost/api/posts',
        method: 'POST',
        cookies: { 'better-auth.session_token': 'secret' },
        data: '{"password":"hunter2"}',
        headers: { Authorization: 'Bearer secret', cookie: 'a=b', 'x-request-id': 'r-1', 'content-type': 'application/json' },
      },
    } as ErrorEvent;
    const scrubbed = scrubEvent(event);
    expect(scrubbed.request).toEqual({
      url: 'http://localhost/api/posts',
      method: 'POST',
      headers: { 'x-request-id': 'r-1', 'content-type': 'application/json' },
    });
  });
});

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
