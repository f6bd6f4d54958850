import { requestLogLevel } from './request-log.middleware';

describe('requestLogLevel', () => {
  it('logs successes at info, client errors at warn, server errors at error', () => {
    expect(requestLogLevel(200)).toBe('info');
    expect(requestLogLevel(304)).toBe('info');
    expect(requestLogLevel(404)).toBe('warn');
    expect(requestLogLevel(499)).toBe('warn');
    expect(requestLogLevel(500)).toBe('error');
    expect(requestLogLevel(503)).toBe('error');
  });
});
