import { InvalidEnvironmentError, parseEnv } from './env';

describe(parseEnv.name, () => {
  it('needs nothing for a first run', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ NODE_ENV: 'development', PORT: 3000, DATA_DIR: './.data', DATABASE_MIGRATE: true, TRUSTED_ORIGINS: [] });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('reads and coerces values', () => {
    const env = parseEnv({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@db:5432/app',
      DATABASE_MIGRATE: 'false',
      TRUSTED_ORIGINS: 'http://localhost:5173, https://app.example.com',
    });
    expect(env).toMatchObject({ PORT: 8080, DATABASE_URL: 'postgres://u@db:5432/app', DATABASE_MIGRATE: false });
    expect(env.TRUSTED_ORIGINS).toEqual(['http://localhost:5173', 'https://app.example.com']);
  });

  it('treats empty strings as unset', () => {
    const env = parseEnv({ PORT: '', DATABASE_URL: '' });
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ NODE_ENV: 'staging' }, 'NODE_ENV'],
    [{ BETTER_AUTH_SECRET: 'short' }, 'BETTER_AUTH_SECRET'],
    [{ NODE_ENV: 'production' }, 'BETTER_AUTH_SECRET'],
    [{ TRUSTED_ORIGINS: 'not a url' }, 'TRUSTED_ORIGINS'],
    [{ DATABASE_MIGRATE: 'maybe' }, 'DATABASE_MIGRATE'],
  ])('rejects %p naming %s', (source, variable) => {
    expect(() => parseEnv(source)).toThrow(InvalidEnvironmentError);
    expect(() => parseEnv(source)).toThrow(new RegExp(`^  - ${variable}: `, 'm'));
  });
});
