import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { Response } from 'supertest';
import { createTestApp, type SignedUpUser, type TestApp } from '../support/test-app';

// Property-based e2e: every operation of the served OpenAPI document, driven with
// generated path params, queries, bodies and headers, must answer without a 5xx,
// with problem+json errors (outside /api/auth), and without writing when it rejects.

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  schema?: Schema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
type Method = (typeof METHODS)[number];
const AUTH_PREFIX = '/api/auth/';
const RUNS_PER_OPERATION = 60;
const TIME_PER_OPERATION_MS = 20_000;
// X-Request-Ids that any reasonable echo rule keeps as they are.
const PLAIN_REQUEST_ID = /^[A-Za-z0-9-]{1,64}$/;

type IdRole = 'published' | 'draft' | 'othersPublished' | 'othersDraft' | 'deleted' | 'me' | 'otherUser';
const ID_ROLES: IdRole[] = ['published', 'draft', 'othersPublished', 'othersDraft', 'deleted', 'me', 'otherUser'];
type PathValue = { seed: IdRole } | { encoded: string } | { raw: string };
type QueryPair = { key: string; value: string | undefined };
type AuthChoice = 'none' | 'valid' | 'other' | { garbage: string };
type IfMatchChoice = 'current' | 'stale' | 'star' | 'weakCurrent' | 'listWithCurrent' | { raw: string };
type BodyChoice = { text: string; contentType: string };

interface Plan {
  path: Record<string, PathValue>;
  query: QueryPair[];
  auth: AuthChoice;
  cookie?: string;
  ifMatch?: IfMatchChoice;
  requestId?: string;
  body?: BodyChoice;
}

interface Concrete {
  method: Method;
  url: string;
  path: string;
  headers: Record<string, string>;
  body?: BodyChoice;
}

const headerChar = fc
  .oneof({ weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) }, { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) })
  .map((code) => String.fromCharCode(code));
const headerText = fc.string({ unit: headerChar, maxLength: 80 });
const rawUrlChar = fc.constantFrom(...`abcXYZ019-._~!$&'()*+,;=:@%/`.split(''));

const hostileText = fc.constantFrom(
  '',
  ' ',
  '   padded   ',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '%',
  '%zz',
  '%00',
  '..',
  '.',
  '../../etc/passwd',
  "'; DROP TABLE posts;--",
  '<script>alert(1)</script>',
  '💥🔥',
  'e\u0301',
  '\ud83d',
  '\u202e\ufeff',
  'null',
  'undefined',
  '__proto__',
  'x'.repeat(4000),
);
// Mostly printable, now and then a character that trips encoders and databases.
const edgeChar = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u2028',
  '\ud800',
  '\udfff',
  '\ufeff',
  '\ufffe',
  '\u{10ffff}',
  '😀',
  '%',
  '\\',
  '"',
);
const mixedChar = fc.oneof({ weight: 12, arbitrary: fc.string({ minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: edgeChar });
const mixedText = (minLength = 0, maxLength = 30) => fc.string({ unit: mixedChar, minLength, maxLength });
const anyText = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 3, arbitrary: mixedText() },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme' }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 3, arbitrary: hostileText },
);
const numberLike = fc.oneof(
  fc.constantFrom('0', '-1', '1.5', '1e3', '1e309', '-0', 'NaN', 'Infinity', '0x10', ' 7 ', '99999999999999999999999'),
  fc.bigInt().map(String),
  fc.double().map(String),
);
// Opaque tokens (cursors) are base64url JSON here, often a [timestamp, uuid] pair;
// timestamps include the ends of the ISO range, where PostgreSQL's range differs.
const isoTimestamp = fc.oneof(
  fc
    .date({ min: new Date('0000-01-01T00:00:00.000Z'), max: new Date('9999-12-31T23:59:59.999Z'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    '0000-01-01T00:00:00.000Z',
    '0000-12-31T23:59:59.999Z',
    '0001-01-01T00:00:00Z',
    '9999-12-31T23:59:59.999Z',
    '1970-01-01T00:00:00Z',
    '2024-02-29T12:00:00.123456789Z',
  ),
);
const opaqueToken = fc
  .oneof(
    {
      weight: 3,
      arbitrary: fc.tuple(
        fc.oneof({ weight: 4, arbitrary: isoTimestamp }, { weight: 1, arbitrary: fc.string() }),
        fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: fc.string() }),
      ),
    },
    { weight: 1, arbitrary: fc.jsonValue() },
  )
  .map((value) => Buffer.from(JSON.stringify(value) ?? 'null').toString('base64url'));

// Long lists of search terms, negated or not (each term is an index lookup).
const termList = fc
  .tuple(fc.integer({ min: 15, max: 120 }), fc.constantFrom('', '-'), fc.constantFrom(' ', ' or '))
  .map(([count, sign, separator]) => Array.from({ length: count }, (_, i) => `${sign}w${i}`).join(separator));
// Nesting around the limit (64) and far past it, where recursive code overflows the stack.
const deepJson = fc
  .tuple(fc.oneof(fc.integer({ min: 60, max: 70 }), fc.integer({ min: 1000, max: 8000 })), fc.constantFrom('[', '{"a":'), fc.boolean())
  .map(([depth, open, inField]) => {
    const nested = open.repeat(depth) + (open === '[' ? ']' : '1}').repeat(depth);
    return inField ? `{"title":${nested},"name":${nested},"email":${nested}}` : nested;
  });
const giantString = fc.constantFrom(100_000, 1_000_000).map((size) => 'g'.repeat(size));

/** `arbitrary` in `present` out of `present + absent` runs, else undefined. */
function sometimes<T>(arbitrary: fc.Arbitrary<T>, present: number, absent: number): fc.Arbitrary<T | undefined> {
  return fc.oneof({ weight: absent, arbitrary: fc.constant(undefined) }, { weight: present, arbitrary });
}

/** Lone surrogates become U+FFFD, as any UTF-8 client would send them. */
const encode = (text: string) => encodeURIComponent(Buffer.from(text).toString());

function resolveRef(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema?.$ref) return schema ?? {};
  const name = schema.$ref.replace('#/components/schemas/', '');
  return resolveRef(doc, doc.components?.schemas?.[name]);
}

function validQueryValue(schema: Schema, uuids: string[]): fc.Arbitrary<string> {
  if (schema.enum?.length) return fc.constantFrom(...schema.enum.map(String));
  if (schema.type === 'integer' || schema.type === 'number') {
    return fc.integer({ min: schema.minimum ?? -1_000_000, max: schema.maximum ?? 1_000_000 }).map(String);
  }
  if (schema.type === 'boolean') return fc.constantFrom('true', 'false');
  if (schema.format === 'uuid') return fc.oneof(fc.uuid(), fc.constantFrom(...uuids));
  const min = schema.minLength ?? 0;
  const text = mixedText(min, Math.min(schema.maxLength ?? 30, min + 30));
  // A string with no constraints may be an opaque token the API handed out.
  return schema.minLength === undefined && schema.maxLength === undefined
    ? fc.oneof({ weight: 1, arbitrary: text }, { weight: 3, arbitrary: opaqueToken })
    : text;
}

function invalidQueryValue(schema: Schema): fc.Arbitrary<string> {
  const bounds: string[] = [];
  if (schema.minimum !== undefined) bounds.push(String(schema.minimum - 1));
  if (schema.maximum !== undefined) bounds.push(String(schema.maximum + 1));
  if (schema.maxLength !== undefined) bounds.push('q'.repeat(schema.maxLength + 1));
  if (schema.enum) bounds.push(...schema.enum.map((value) => String(value).toUpperCase()));
  return fc.oneof(anyText, numberLike, fc.constantFrom('', ...bounds), opaqueToken, termList);
}

function queryArbitrary(params: Parameter[], uuids: string[]): fc.Arbitrary<QueryPair[]> {
  const declared = params.filter((param) => param.in === 'query');
  const names = new Set(declared.map((param) => param.name));
  // Each declared parameter absent more often than not, so that parameters rarely conflict.
  const pairs = (value: (schema: Schema) => fc.Arbitrary<string | undefined>, repeat: boolean) =>
    fc.tuple(
      ...declared.map((param) =>
        fc
          .oneof(
            { weight: 6, arbitrary: fc.constant<(string | undefined)[]>([]) },
            { weight: 4, arbitrary: value(param.schema ?? {}).map((v) => [v]) },
            // Repeated keys: `limit=1&limit=2`.
            { weight: repeat ? 2 : 0, arbitrary: fc.array(value(param.schema ?? {}), { minLength: 2, maxLength: 3 }) },
          )
          .map((values) => values.map((v) => ({ key: param.name, value: v }))),
      ),
    );
  const valid = pairs((schema) => validQueryValue(schema, uuids), false);
  const hostile = pairs(
    (schema) =>
      fc.oneof(
        { weight: 2, arbitrary: validQueryValue(schema, uuids) },
        { weight: 2, arbitrary: invalidQueryValue(schema) },
        // A bare key (`?withTotal`) with no `=`.
        { weight: 1, arbitrary: fc.constant(undefined) },
      ),
    true,
  );
  const unknownKey = fc
    .oneof(fc.string({ minLength: 1 }), fc.constantFrom('constructor', '__proto__', 'limit[]', 'q[a]', 'toString', '', '%'))
    .filter((key) => !names.has(key));
  const unknown = fc.array(fc.record({ key: unknownKey, value: sometimes(anyText, 4, 1) }), { maxLength: 3 });
  return fc
    .tuple(fc.oneof({ weight: 3, arbitrary: valid }, { weight: 2, arbitrary: hostile }), unknown)
    .map(([known, extra]) => [...known.flat(), ...extra]);
}

function propertyValue(schema: Schema): fc.Arbitrary<unknown> {
  const valid: fc.Arbitrary<unknown>[] = [];
  const edges: unknown[] = [null, 0, -1, 1.5, true, [], {}, '', ' ', '\u0000', 'a\u0000b'.repeat(6)];
  if (schema.type === 'boolean') valid.push(fc.boolean());
  if (schema.type === 'integer' || schema.type === 'number') valid.push(fc.integer({ min: schema.minimum, max: schema.maximum }));
  if (schema.enum?.length) valid.push(fc.constantFrom(...schema.enum));
  if (schema.type === 'string') {
    const min = schema.minLength ?? 0;
    valid.push(mixedText(min, min + 40), fc.string({ unit: 'grapheme', minLength: min, maxLength: min + 40 }));
    if (schema.maxLength !== undefined) edges.push('y'.repeat(schema.maxLength), 'x'.repeat(schema.maxLength + 1));
    if (schema.minLength) edges.push('z'.repeat(schema.minLength - 1), `${' '.repeat(schema.minLength)}`);
  }
  if (valid.length === 0) valid.push(fc.jsonValue());
  return fc.oneof(
    { weight: 20, arbitrary: fc.oneof(...valid) },
    { weight: 1, arbitrary: fc.constantFrom(...edges) },
    { weight: schema.type === 'string' ? 1 : 0, arbitrary: giantString },
    { weight: 1, arbitrary: anyText },
    { weight: 1, arbitrary: fc.jsonValue() },
  );
}

/** JSON text written by hand so keys like `__proto__` reach the server as sent. */
function objectText(entries: [string, unknown][]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
}

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', 'application/problem+json'];
const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/jsonx',
  'json',
];

function bodyArbitrary(schema: Schema | undefined, declared: boolean): fc.Arbitrary<BodyChoice | undefined> {
  const props = Object.entries(schema?.properties ?? {});
  const fromSchema = fc
    .tuple(
      fc.tuple(...props.map(([name, prop]) => sometimes(propertyValue(prop), 9, 1).map((v) => [name, v] as const))),
      fc.array(
        fc.tuple(
          fc.oneof(fc.string(), fc.constantFrom('id', 'authorId', 'createdAt', 'version', 'deletedAt', '__proto__', 'constructor')),
          fc.jsonValue(),
        ),
        { maxLength: 2 },
      ),
      fc.nat(3),
    )
    .map(([known, extra, withExtra]) => {
      const entries: [string, unknown][] = known.filter(([, v]) => v !== undefined).map(([k, v]) => [k, v]);
      return objectText(withExtra === 0 ? [...entries, ...extra] : entries);
    });
  const jsonText = fc.oneof(
    { weight: declared ? 12 : 0, arbitrary: fromSchema },
    { weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.constantFrom('', '{', '{"title": ', 'null', '[]', '{}', '"x"', 'NaN', '{"a":1}{"b":2}', '\ufeff{}') },
    { weight: 1, arbitrary: deepJson },
    { weight: 1, arbitrary: anyText },
  );
  const body = fc.oneof(
    { weight: 16, arbitrary: fc.record({ text: jsonText, contentType: fc.constantFrom(...JSON_TYPES) }) },
    { weight: 2, arbitrary: fc.record({ text: fc.oneof(jsonText, anyText), contentType: fc.constantFrom(...OTHER_TYPES) }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(1024 * 1024 + 1)
        .map((size) => ({ text: `{"content":"${'x'.repeat(size)}"}`, contentType: 'application/json' })),
    },
  );
  return declared ? sometimes(body, 12, 1) : sometimes(body, 1, 4);
}

const pathValue: fc.Arbitrary<PathValue> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...ID_ROLES).map((seed) => ({ seed })) },
  { weight: 2, arbitrary: fc.uuid().map((uuid) => ({ encoded: uuid })) },
  { weight: 1, arbitrary: fc.uuid().map((uuid) => ({ encoded: uuid.toUpperCase() })) },
  { weight: 3, arbitrary: anyText.map((text) => ({ encoded: text })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof(fc.string({ unit: rawUrlChar, minLength: 1 }), fc.constantFrom('%', '%zz', '%E0%A4%A', '..', '.', '%2e%2e'))
      .map((raw) => ({ raw })),
  },
);

const authArbitrary: fc.Arbitrary<AuthChoice> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('valid' as const) },
  { weight: 2, arbitrary: fc.constant('other' as const) },
  { weight: 1, arbitrary: fc.constant('none' as const) },
  {
    weight: 1,
    arbitrary: fc
      .oneof(
        headerText,
        headerText.map((s) => `Bearer ${s}`),
        fc.constantFrom('Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', 'Bearer a.b.c', 'Bearer %', 'Bearer \u00ff'),
      )
      .map((garbage) => ({ garbage })),
  },
);

const ifMatchArbitrary: fc.Arbitrary<IfMatchChoice | undefined> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(undefined) },
  { weight: 3, arbitrary: fc.constantFrom<IfMatchChoice>('current', 'star', 'listWithCurrent') },
  { weight: 2, arbitrary: fc.constantFrom<IfMatchChoice>('stale', 'weakCurrent') },
  {
    weight: 1,
    arbitrary: fc
      .oneof(headerText, fc.constantFrom('"1"', '"0"', '"-1"', 'W/"1"', '""', '"', '"99999999999999999999"', ',', ' , '))
      .map((raw) => ({ raw })),
  },
);

const requestIdArbitrary = sometimes(
  fc.oneof(fc.uuid(), fc.string({ unit: fc.constantFrom(...'abcXYZ09-_.:@/+='.split('')), minLength: 1, maxLength: 130 }), headerText),
  2,
  1,
);

const cookieArbitrary = sometimes(
  fc.oneof(
    headerText,
    headerText.map((s) => `better-auth.session_token=${s}`),
  ),
  1,
  8,
);

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

  const createPost = async (author: SignedUpUser, published: boolean): Promise<string> => {
    const response = await t
      .http()
      .post('/api/posts')
      .set(author.auth)
      .send({ title: 'Seed title', content: 'Seed content for fuzzing', published });
    if (response.status !== 201) throw new Error(`seeding failed: ${response.status} ${response.text}`);
    return response.body.id;
  };

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
      if (!row || row.deleted || row.published !== published) seeds.set(role, await createPost(author, published));
    }
    if (!state.get(seeds.get('deleted') ?? '')?.deleted) {
      const id = await createPost(me, true);
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
