import { InvalidEnvironmentError, parseEnv } from './env';

// `openssl rand -base64 32`
const PRODUCTION_SECRET = 'q3mX9vJ0pL2cR8tYwE5nB1kH7sD4fG6uZaVxCiOeMr0=';

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
    [{ NODE_ENV: 'production', BETTER_AUTH_SECRET: 'a'.repeat(32) }, 'BETTER_AUTH_SECRET'],
    [{ NODE_ENV: 'production', BETTER_AUTH_SECRET: 'password'.repeat(6) }, 'BETTER_AUTH_SECRET'],
    [{ NODE_ENV: 'production', BETTER_AUTH_SECRET: PRODUCTION_SECRET, TRUST_PROXY: 'true' }, 'TRUST_PROXY'],
    [{ TRUSTED_ORIGINS: 'https://*.example.com' }, 'TRUSTED_ORIGINS'],
    [{ TRUSTED_ORIGINS: 'https://app.example.com/app' }, 'TRUSTED_ORIGINS'],
    [{ METRICS_PORT: 'internal' }, 'METRICS_PORT'],
    [{ DOCS_ENABLED: 'sometimes' }, 'DOCS_ENABLED'],
    [{ DATABASE_URL: 'postgres://u@pgbouncer:6432/app', DATABASE_POOLER: 'transaction' }, 'DATABASE_DIRECT_URL'],
    [{ DATABASE_POOLER: 'transaction', DATABASE_DIRECT_URL: 'postgres://u@db:5432/app' }, 'DATABASE_POOLER'],
    [{ DATABASE_URL: 'postgres://u@db/app', DATABASE_POOLER: 'statement' }, 'DATABASE_POOLER'],
    [{ DATABASE_REPLICA_URLS: 'postgres://u@replica/app' }, 'DATABASE_REPLICA_URLS'],
    [{ DATABASE_URL: 'postgres://u@db/app', DATABASE_REPLICA_URLS: 'postgres://u@r1/app,mysql://r2' }, 'DATABASE_REPLICA_URLS'],
  ])('rejects %p naming %s', (source, variable) => {
    expect(() => parseEnv(source)).toThrow(InvalidEnvironmentError);
    expect(() => parseEnv(source)).toThrow(new RegExp(`^  - ${variable}: `, 'm'));
  });

  it('reads a pooler, the server behind it and replicas', () => {
    const env = parseEnv({
      DATABASE_URL: 'postgres://u@pgbouncer:6432/app',
      DATABASE_POOLER: 'transaction',
      DATABASE_DIRECT_URL: 'postgres://u@db:5432/app',
      DATABASE_REPLICA_URLS: 'postgres://u@r1:5432/app, postgres://u@r2:5432/app,',
      DATABASE_REPLICA_MAX_LAG_MS: '500',
    });
    expect(env).toMatchObject({
      DATABASE_POOLER: 'transaction',
      DATABASE_DIRECT_URL: 'postgres://u@db:5432/app',
      DATABASE_REPLICA_MAX_LAG_MS: 500,
    });
    expect(env.DATABASE_REPLICA_URLS).toEqual(['postgres://u@r1:5432/app', 'postgres://u@r2:5432/app']);
    expect(parseEnv({})).toMatchObject({ DATABASE_POOLER: 'none', DATABASE_REPLICA_URLS: [], DATABASE_REPLICA_MAX_LAG_MS: 1000 });
  });

  it('takes a random production secret and proxies named by count or address', () => {
    expect(parseEnv({ NODE_ENV: 'production', BETTER_AUTH_SECRET: PRODUCTION_SECRET, TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ NODE_ENV: 'production', BETTER_AUTH_SECRET: PRODUCTION_SECRET, TRUST_PROXY: '10.0.0.0/8' }).TRUST_PROXY).toBe(
      '10.0.0.0/8',
    );
    // Outside production, TRUST_PROXY=true stays allowed (a local proxy in development).
    expect(parseEnv({ TRUST_PROXY: 'true' }).TRUST_PROXY).toBe(true);
  });

  it('drops a trailing slash from trusted origins, as browsers send them', () => {
    expect(parseEnv({ TRUSTED_ORIGINS: 'https://app.example.com/, http://localhost:5173' }).TRUSTED_ORIGINS).toEqual([
      'https://app.example.com',
      'http://localhost:5173',
    ]);
  });
});
