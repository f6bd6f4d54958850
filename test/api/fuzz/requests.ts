import fc from 'fast-check';
import {
  type Schema,
  type Parameter,
  type OpenApiDocument,
  type PathValue,
  type QueryPair,
  type AuthChoice,
  type IfMatchChoice,
  type BodyChoice,
  ID_ROLES,
} from './types';
import { headerText, rawUrlChar, mixedText, anyText, numberLike, opaqueToken, termList, deepJson, giantString, sometimes } from './text';

// Arbitraries for each part of a request, derived from the OpenAPI schema where it declares one.
export function resolveRef(doc: OpenApiDocument, schema: Schema | undefined): Schema {
  if (!schema?.$ref) return schema ?? {};
  const name = schema.$ref.replace('#/components/schemas/', '');
  return resolveRef(doc, doc.components?.schemas?.[name]);
}

export function validQueryValue(schema: Schema, uuids: string[]): fc.Arbitrary<string> {
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

export function invalidQueryValue(schema: Schema): fc.Arbitrary<string> {
  const bounds: string[] = [];
  if (schema.minimum !== undefined) bounds.push(String(schema.minimum - 1));
  if (schema.maximum !== undefined) bounds.push(String(schema.maximum + 1));
  if (schema.maxLength !== undefined) bounds.push('q'.repeat(schema.maxLength + 1));
  if (schema.enum) bounds.push(...schema.enum.map((value) => String(value).toUpperCase()));
  return fc.oneof(anyText, numberLike, fc.constantFrom('', ...bounds), opaqueToken, termList);
}

export function queryArbitrary(params: Parameter[], uuids: string[]): fc.Arbitrary<QueryPair[]> {
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

export function propertyValue(schema: Schema): fc.Arbitrary<unknown> {
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
export function objectText(entries: [string, unknown][]): string {
  return `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`).join(',')}}`;
}

export const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/merge-patch+json',
  'application/problem+json',
];
export const OTHER_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/jsonx',
  'json',
];

export function bodyArbitrary(schema: Schema | undefined, declared: boolean): fc.Arbitrary<BodyChoice | undefined> {
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

export const pathValue: fc.Arbitrary<PathValue> = fc.oneof(
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

export const authArbitrary: fc.Arbitrary<AuthChoice> = fc.oneof(
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

export const ifMatchArbitrary: fc.Arbitrary<IfMatchChoice | undefined> = fc.oneof(
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

export const requestIdArbitrary = sometimes(
  fc.oneof(fc.uuid(), fc.string({ unit: fc.constantFrom(...'abcXYZ09-_.:@/+='.split('')), minLength: 1, maxLength: 130 }), headerText),
  2,
  1,
);

export const cookieArbitrary = sometimes(
  fc.oneof(
    headerText,
    headerText.map((s) => `better-auth.session_token=${s}`),
  ),
  1,
  8,
);
