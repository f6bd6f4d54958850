import type { ErrorEvent } from '@sentry/nestjs';
import { scrubEvent } from './sentry';

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
