import { requestLogLevel } from './request-log.middleware';

describe('requestLogLevel', () => {
  it('logs successes at info, client errors at warn, server errors at error', () => {
    expect(requestLogLevel(200, true)).toBe('info');
    expect(requestLogLevel(304, true)).toBe('info');
    expect(requestLogLevel(404, true)).toBe('warn');
    expect(requestLogLevel(503, true)).toBe('error');
  });

  it('logs a response cut off before its end as an error, whatever its status', () => {
    expect(requestLogLevel(200, false)).toBe('error');
  });
});
