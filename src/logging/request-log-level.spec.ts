import { requestLogLevel } from './logging.module';

describe('requestLogLevel', () => {
  const res = (statusCode: number) => ({ statusCode });

  it('logs successes at info, client errors at warn, server errors and failures at error', () => {
    const level = requestLogLevel('info');
    expect(level({}, res(200))).toBe('info');
    expect(level({}, res(404))).toBe('warn');
    expect(level({}, res(503))).toBe('error');
    expect(level({}, res(200), new Error('aborted'))).toBe('error');
  });

  it('skips the lines the configured level would drop', () => {
    expect(requestLogLevel('warn')({}, res(200))).toBe('silent');
    expect(requestLogLevel('warn')({}, res(404))).toBe('warn');
    expect(requestLogLevel('error')({}, res(404))).toBe('silent');
    expect(requestLogLevel('silent')({}, res(500))).toBe('silent');
    expect(requestLogLevel('debug')({}, res(200))).toBe('info');
  });
});
