import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { createPost } from '../support/factories';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';
import {
  type Operation,
  type OpenApiDocument,
  METHODS,
  type Method,
  type IdRole,
  type PathValue,
  type Plan,
  type Concrete,
} from './fuzz/types';
import { encode } from './fuzz/text';
import {
  resolveRef,
  queryArbitrary,
  bodyArbitrary,
  pathValue,
  authArbitrary,
  ifMatchArbitrary,
  requestIdArbitrary,
  cookieArbitrary,
} from './fuzz/requests';

// Property-based e2e: every operation of the served OpenAPI document, driven with
// generated path params, queries, bodies and headers, must answer without a 5xx,
// with problem+json errors (outside /api/auth), and without writing when it rejects.

const AUTH_PREFIX = '/api/auth/';
const RUNS_PER_OPERATION = 60;
const TIME_PER_OPERATION_MS = 20_000;
// X-Request-Ids that any reasonable echo rule keeps as they are.
const PLAIN_REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;

describe('fuzzing every operation of /docs-json', () => {
  let t: TestApp;
  let doc: OpenApiDocument;
  let me: SignedUpUser;
  let other: SignedUpUser;
  // Sign-out through the fuzzer ends sessions: /api/auth gets tokens of its own.
  let authMe: SignedUpUser;
  let authOther: SignedUpUser;
  const seeds = new Map<IdRole, string>();
  // Status counts per operation, printed with FUZZ_STATS=1 to see what the generators reach.
  const stats = new Map<string, Record<number, number>>();

  const fingerprint = async (): Promise<string> => {
    const result = await t.db.execute(sql`
      SELECT (SELECT count(*) FROM posts)::text AS posts,
             (SELECT count(*) FROM posts WHERE deleted_at IS NOT NULL)::text AS deleted,
             (SELECT count(*) FROM posts WHERE published)::text AS published,
             (SELECT coalesce(sum(version), 0) FROM posts)::text AS versions,
             (SELECT max(updated_at) FROM posts)::text AS posts_updated,
             (SELECT count(*) FROM post_history)::text AS history,
             (SELECT count(*) FROM users)::text AS users,
             (SELECT max(updated_at) FROM users)::text AS users_updated,
             (SELECT count(*) FROM sessions)::text AS sessions,
             (SELECT max(updated_at) FROM sessions)::text AS sessions_updated,
             (SELECT count(*) FROM accounts)::text AS accounts`);
    return JSON.stringify((result as unknown as { rows: unknown[] }).rows[0]);
  };

  const seedPost = async (author: SignedUpUser, published: boolean): Promise<string> =>
    (await createPost(t, author, { title: 'Seed title', content: 'Seed content for fuzzing', published })).post.id;

  // Puts back every seeded post whose role a successful write took away.
  const ensureSeeds = async (): Promise<void> => {
    const rows = (await t.db.execute(sql`SELECT id::text, published, deleted_at IS NOT NULL AS deleted FROM posts`)) as unknown as {
      rows: { id: string; published: boolean; deleted: boolean }[];
    };
    const state = new Map(rows.rows.map((row) => [row.id, row]));
    const wanted: [IdRole, SignedUpUser, boolean][] = [
      ['published', me, true],
      ['draft', me, false],
      ['othersPublished', other, true],
      ['othersDraft', other, false],
    ];
    for (const [role, author, published] of wanted) {
      const row = state.get(seeds.get(role) ?? '');
      if (!row || row.deleted || row.published !== published) seeds.set(role, await seedPost(author, published));
    }
    if (!state.get(seeds.get('deleted') ?? '')?.deleted) {
      const id = await seedPost(me, true);
      await t.http().delete(`/api/posts/${id}`).set(me.auth).expect(204);
      seeds.set('deleted', id);
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    doc = (await t.http().get('/docs-json').expect(200)).body;
    [me, other, authMe, authOther] = await Promise.all([t.signUp(), t.signUp({ name: 'Other' }), t.signUp(), t.signUp()]);
    seeds.set('me', me.id);
    seeds.set('otherUser', other.id);
    await ensureSeeds();
  }, 60_000);
  afterAll(() => {
    if (process.env.FUZZ_STATS) console.log([...stats].map(([op, counts]) => `${op} ${JSON.stringify(counts)}`).join('\n'));
    return t?.close();
  });

  const operations = (): [string, Method, Operation][] =>
    Object.entries(doc.paths)
      .filter(([path]) => !path.startsWith('/docs'))
      .flatMap(([path, item]) =>
        METHODS.filter((method) => item[method]).map((method) => [path, method, item[method] as Operation] as [string, Method, Operation]),
      );

  const resolvePath = (template: string, values: Record<string, PathValue>): string =>
    template.replace(/\{([^}]+)\}/g, (_, name: string) => {
      const value = values[name] ?? { encoded: '' };
      if ('seed' in value) return seeds.get(value.seed)!;
      return 'raw' in value ? value.raw : encode(value.encoded);
    });

  const currentVersion = async (path: string): Promise<number> => {
    const id = /[0-9a-f-]{36}/i.exec(path)?.[0];
    if (!id) return 1;
    const result = (await t.db.execute(sql`SELECT version FROM posts WHERE id::text = ${id.toLowerCase()}`)) as unknown as {
      rows: { version: number }[];
    };
    return Number(result.rows[0]?.version ?? 1);
  };

  const concretize = async (template: string, method: Method, plan: Plan): Promise<Concrete> => {
    const path = resolvePath(template, plan.path);
    const query = plan.query.map(({ key, value }) => (value === undefined ? encode(key) : `${encode(key)}=${encode(value)}`)).join('&');
    const headers: Record<string, string> = {};
    const isAuth = template.startsWith(AUTH_PREFIX);
    if (plan.auth === 'valid') headers.Authorization = (isAuth ? authMe : me).auth.Authorization;
    else if (plan.auth === 'other') headers.Authorization = (isAuth ? authOther : other).auth.Authorization;
    else if (plan.auth !== 'none') headers.Authorization = plan.auth.garbage;
    if (plan.cookie !== undefined) headers.Cookie = plan.cookie;
    if (plan.requestId !== undefined) headers['X-Request-Id'] = plan.requestId;
    if (plan.ifMatch !== undefined) {
      const version = typeof plan.ifMatch === 'string' && plan.ifMatch !== 'star' ? await currentVersion(path) : 1;
      const choice = plan.ifMatch;
      headers['If-Match'] =
        choice === 'current'
          ? `"${version}"`
          : choice === 'stale'
            ? `"${version - 1}"`
            : choice === 'star'
              ? '*'
              : choice === 'weakCurrent'
                ? `W/"${version}"`
                : choice === 'listWithCurrent'
                  ? `"${version + 7}", "${version}"`
                  : choice.raw;
    }
    return { method, path, url: query ? `${path}?${query}` : path, headers, body: plan.body };
  };

  const send = async (request: Concrete): Promise<Response> => {
    let pending = t.http()[request.method](request.url);
    for (const [name, value] of Object.entries(request.headers)) pending = pending.set(name, value);
    if (request.body) pending = pending.set('Content-Type', request.body.contentType).send(request.body.text);
    return pending;
  };

  const describeExchange = (request: Concrete, response: Response, reasons: string[]): string => {
    const body = request.body
      ? {
          contentType: request.body.contentType,
          text:
            request.body.text.length > 300 ? `${request.body.text.slice(0, 300)}… (${request.body.text.length} chars)` : request.body.text,
        }
      : undefined;
    return [
      `${reasons.join('; ')}`,
      `request: ${JSON.stringify({ method: request.method.toUpperCase(), url: request.url, headers: request.headers, body })}`,
      `response: ${response.status} ${String(response.headers['content-type'])} ${response.text?.slice(0, 500)}`,
    ].join('\n');
  };

  /** Checks one exchange against the three properties; returns the reasons it breaks them. */
  const violations = (template: string, request: Concrete, response: Response, before: string, after: string): string[] => {
    const reasons: string[] = [];
    const isAuth = template.startsWith(AUTH_PREFIX);
    if (response.status >= 500) reasons.push(`answered ${response.status}`);
    const requestId = response.headers['x-request-id'];
    if (!requestId) reasons.push('no X-Request-Id header');
    const sentId = request.headers['X-Request-Id'];
    if (sentId !== undefined && PLAIN_REQUEST_ID.test(sentId) && requestId !== sentId)
      reasons.push(`X-Request-Id ${requestId} is not the one sent`);
    if (response.status >= 400 && !isAuth) {
      if (!/^application\/problem\+json/.test(response.headers['content-type'] ?? ''))
        reasons.push(`error content-type is ${response.headers['content-type']}`);
      let problem: Record<string, unknown> = {};
      try {
        problem = JSON.parse(response.text) as Record<string, unknown>;
      } catch {
        reasons.push('error body is not JSON');
      }
      for (const field of ['type', 'title', 'detail', 'instance', 'requestId']) {
        if (typeof problem[field] !== 'string') reasons.push(`problem.${field} is not a string`);
      }
      if (problem.status !== response.status) reasons.push(`problem.status ${String(problem.status)} is not ${response.status}`);
      if (problem.instance !== request.path) reasons.push(`problem.instance ${String(problem.instance)} is not ${request.path}`);
      if (problem.requestId !== requestId) reasons.push(`problem.requestId ${String(problem.requestId)} is not the header ${requestId}`);
    }
    if (response.status >= 400 && before !== after) reasons.push(`rejected request changed the database: ${before} -> ${after}`);
    if (request.method === 'get' && before !== after) reasons.push(`GET changed the database: ${before} -> ${after}`);
    return reasons;
  };

  const exchange = async (template: string, method: Method, plan: Plan): Promise<Response> => {
    const request = await concretize(template, method, plan);
    const before = await fingerprint();
    const response = await send(request);
    const counts = stats.get(`${method} ${template}`) ?? {};
    counts[response.status] = (counts[response.status] ?? 0) + 1;
    stats.set(`${method} ${template}`, counts);
    const after = await fingerprint();
    try {
      const reasons = violations(template, request, response, before, after);
      if (reasons.length > 0) throw new Error(describeExchange(request, response, reasons));
    } finally {
      if (response.status < 300 && method !== 'get') {
        await ensureSeeds();
        if (template === `${AUTH_PREFIX}sign-out` && plan.auth === 'valid') authMe = await t.signUp();
        if (template === `${AUTH_PREFIX}sign-out` && plan.auth === 'other') authOther = await t.signUp();
      }
    }
    return response;
  };

  const planArbitrary = (template: string, operation: Operation | undefined, forceBody = false): fc.Arbitrary<Plan> => {
    const params = operation?.parameters ?? [];
    const pathNames = [...template.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]!);
    const uuids = [me.id, other.id, ...seeds.values()];
    const bodySchema = operation?.requestBody ? resolveRef(doc, Object.values(operation.requestBody.content ?? {})[0]?.schema) : undefined;
    return fc.record({
      path: fc.tuple(...pathNames.map(() => pathValue)).map((values) => Object.fromEntries(pathNames.map((name, i) => [name, values[i]!]))),
      query: queryArbitrary(params, uuids),
      auth: authArbitrary,
      cookie: cookieArbitrary,
      ifMatch: ifMatchArbitrary,
      requestId: requestIdArbitrary,
      body: bodyArbitrary(bodySchema, forceBody || !!operation?.requestBody),
    });
  };

  const report = (failures: string[]) => {
    if (failures.length > 0) throw new Error(failures.join('\n\n'));
  };

  it('answers every documented operation without a 5xx, with problem+json errors, and rejects without writing', async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(10);
    const failures: string[] = [];
    for (const [template, method, operation] of ops) {
      const details = await fc.check(
        fc.asyncProperty(planArbitrary(template, operation), async (plan) => {
          await exchange(template, method, plan);
        }),
        { numRuns: RUNS_PER_OPERATION, interruptAfterTimeLimit: TIME_PER_OPERATION_MS, includeErrorInReport: true },
      );
      const message = fc.defaultReportMessage(details);
      if (details.failed && message) failures.push(`${method.toUpperCase()} ${template}\n${message}`);
    }
    report(failures);
  }, 180_000);

  it('answers methods a documented path does not declare with a problem, never a 5xx', async () => {
    const undeclared = Object.entries(doc.paths)
      .filter(([path]) => !path.startsWith('/docs'))
      .flatMap(([path, item]) => METHODS.filter((method) => !item[method]).map((method) => [path, method] as [string, Method]));
    const details = await fc.check(
      fc.asyncProperty(
        fc
          .constantFrom(...undeclared)
          .chain(([template, method]) => planArbitrary(template, undefined, true).map((plan) => ({ template, method, plan }))),
        async ({ template, method, plan }) => {
          const response = await exchange(template, method, plan);
          if (!template.startsWith(AUTH_PREFIX) && response.status < 400) {
            throw new Error(`${method.toUpperCase()} ${template} is not documented but answered ${response.status}`);
          }
        },
      ),
      { numRuns: 60, interruptAfterTimeLimit: TIME_PER_OPERATION_MS, includeErrorInReport: true },
    );
    report(details.failed ? [fc.defaultReportMessage(details) ?? 'failed'] : []);
  }, 60_000);
});
