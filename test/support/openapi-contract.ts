import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { OpenAPIObject } from '@nestjs/swagger';
import { deref, documentRoutes, escape, type Route } from './openapi-document';
import { isJson, mediaType, NOTHING, parseBody, splitUrl, UNPARSABLE } from './exchange-parts';

/** One request and its response, as the suite saw them. */
export interface Exchange {
  method: string;
  /** Path and query, as requested. */
  url: string;
  /** The body as sent: an object supertest serialised, a raw string, or nothing. */
  requestBody: unknown;
  requestContentType?: string;
  status: number;
  /** Lower-case names. */
  responseHeaders: Record<string, string | string[] | undefined>;
  /** The body parsed as JSON when it is JSON, else its text. */
  responseBody: unknown;
  responseText: string;
}

type Json = Record<string, any>;
type Check = (value: unknown) => ErrorObject[];

// Sent on our routes and promised to clients: one sent where the document does not say so is drift.
const PROMISED_HEADERS = ['etag', 'location', 'idempotent-replayed', 'retry-after', 'x-request-id'];
// Served, and deliberately left out of the document.
const UNDOCUMENTED = [/^\/docs(-json|\/.*)?$/, /^\/metrics$/];
const PROBLEM = 'application/problem+json';
// Better Auth refusals no schema can express: a dictionary of common passwords (prose in the
// document), and JSON nested deeper than the parser allows (no JSON Schema keyword bounds depth).
const NOT_ABOUT_SHAPE = new Set(['PASSWORD_TOO_COMMON', 'INVALID_JSON_BODY']);

/**
 * The OpenAPI document as a checker of real exchanges: the status is documented for
 * the operation, and so are the content type, body, headers; a body the service took
 * matches the request schema, and one it refused as invalid does not.
 */
export class OpenApiContract {
  private readonly ajv = addFormats(new Ajv2020({ strict: false, allErrors: true, logger: false }));
  // Headers and query values are strings: this one converts them to the schema's type first.
  private readonly coercing = addFormats(new Ajv2020({ strict: false, allErrors: true, logger: false, coerceTypes: true }));
  private readonly routes: Route[];
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(
    private readonly document: OpenAPIObject,
    /** Better Auth's base path: its errors keep Better Auth's own body. */
    private readonly authBasePath = '/api/auth',
  ) {
    for (const ajv of [this.ajv, this.coercing]) {
      for (const format of ['int32', 'int64', 'float', 'double', 'password', 'binary', 'byte']) ajv.addFormat(format, true);
      ajv.addSchema(document as object, 'openapi');
    }
    this.routes = documentRoutes(document);
  }

  /** What in `exchange` the document does not describe; empty when it all matches. */
  mismatches(exchange: Exchange): string[] {
    // CORS preflights are answered by the CORS middleware, not by an operation.
    if (exchange.method.toUpperCase() === 'OPTIONS') return [];
    const { pathname, searchParams } = splitUrl(exchange.url);
    const method = exchange.method.toLowerCase() === 'head' ? 'get' : exchange.method.toLowerCase();
    const route = this.routes.find((candidate) => candidate.pattern.test(pathname));
    const operation = route?.item[method] as Json | undefined;
    if (!route || !operation) return this.unrouted(pathname, exchange, route ? `${method.toUpperCase()} ${route.template}` : undefined);

    const where = (pointer: string) => `${route.pointer}/${method}${pointer}`;
    const problems: string[] = [];
    const responses = operation.responses as Json;
    const status = String(exchange.status);
    const key = [status, `${status[0]}XX`, 'default'].find((candidate) => candidate in responses);
    if (!key) return [`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`];
    const response = deref(this.document, responses[key]);
    problems.push(...this.checkContent(exchange, response.content, where(`/responses/${key}/content`)));
    problems.push(...this.checkHeaders(exchange, response.headers ?? {}, where(`/responses/${key}/headers`)));
    problems.push(...this.checkQuery(exchange, searchParams, operation.parameters ?? []));
    problems.push(...this.checkRequestBody(exchange, operation, where('/requestBody'), pathname));
    return problems;
  }

  /** No documented operation: an error must still be a problem (Better Auth's aside); success only on the routes left out on purpose. */
  private unrouted(pathname: string, exchange: Exchange, known?: string): string[] {
    if (exchange.status < 400) {
      if (UNDOCUMENTED.some((pattern) => pattern.test(pathname))) return [];
      return [known ? `${known}: this method is not documented` : 'no path in the document matches'];
    }
    if (pathname.startsWith(`${this.authBasePath}/`)) return [];
    return this.checkMedia(exchange, PROBLEM, `#/components/schemas/${exchange.status === 400 ? 'ValidationProblem' : 'Problem'}`);
  }

  private checkContent(exchange: Exchange, content: Json | undefined, pointer: string): string[] {
    const type = mediaType(exchange.responseHeaders['content-type']);
    if (exchange.method.toUpperCase() === 'HEAD' || exchange.status === 304) return [];
    if (!content) return exchange.responseText ? [`a ${type ?? 'typeless'} body is sent where the document has none`] : [];
    if (!exchange.responseText) return [`no body is sent where the document has ${Object.keys(content).join(', ')}`];
    if (!type || !content[type]) return [`content type ${type} is not documented (documented: ${Object.keys(content).join(', ')})`];
    return this.checkMedia(exchange, type, content[type].schema && `${pointer}/${escape(type)}/schema`);
  }

  /** The body is `type`, and matches the schema at `schemaPointer` when there is one. */
  private checkMedia(exchange: Exchange, type: string, schemaPointer: string | undefined): string[] {
    if (mediaType(exchange.responseHeaders['content-type']) !== type) return [`content type is not ${type}`];
    if (!schemaPointer || !isJson(type)) return [];
    return describe('response body', this.validator(schemaPointer), exchange.responseBody);
  }

  private checkHeaders(exchange: Exchange, documented: Json, pointer: string): string[] {
    const problems: string[] = [];
    const names = new Map(Object.keys(documented).map((name) => [name.toLowerCase(), name]));
    for (const [lower, name] of names) {
      const header = deref(this.document, documented[name]);
      const value = exchange.responseHeaders[lower];
      if (value === undefined) {
        if (header.required) problems.push(`required header ${name} is not sent`);
      } else if (header.schema) {
        problems.push(...describe(`header ${name}`, this.valueValidator(`${pointer}/${escape(name)}`, header.schema), value));
      }
    }
    for (const name of PROMISED_HEADERS) {
      if (exchange.responseHeaders[name] !== undefined && !names.has(name)) problems.push(`header ${name} is sent but not documented`);
    }
    return problems;
  }

  /** On a success, every documented query parameter sent holds a value its schema allows. */
  private checkQuery(exchange: Exchange, query: URLSearchParams, parameters: Json[]): string[] {
    if (exchange.status >= 300) return [];
    const problems: string[] = [];
    for (const parameter of parameters.map((p) => deref(this.document, p))) {
      if (parameter.in !== 'query' || !query.has(parameter.name)) continue;
      const check = this.valueValidator(`query:${parameter.name}:${JSON.stringify(parameter.schema)}`, parameter.schema);
      problems.push(...describe(`query ${parameter.name} accepted, but the document refuses it:`, check, query.get(parameter.name)));
    }
    return problems;
  }

  /** A body the service took must match the request schema, and one it refused as invalid must not. */
  private checkRequestBody(exchange: Exchange, operation: Json, pointer: string, pathname: string): string[] {
    if (!operation.requestBody) return [];
    const requestBody = deref(this.document, operation.requestBody);
    const sent = parseBody(exchange.requestBody);
    if (exchange.status < 300) {
      if (sent === NOTHING) return requestBody.required ? ['a request without a body succeeded, but the document requires one'] : [];
      if (sent === UNPARSABLE) return ['a body that is not JSON was accepted'];
      // The contract: "JSON" means application/json or any application/*+json type.
      const sentType = mediaType(exchange.requestContentType) ?? 'application/json';
      const type = isJson(sentType) ? 'application/json' : sentType;
      const media = requestBody.content?.[type];
      if (!media) return [`request content type ${type} succeeded but is not documented`];
      return describe(
        'request body accepted, but the document refuses it:',
        this.validator(`${pointer}/content/${escape(type)}/schema`),
        sent,
      );
    }
    if (exchange.status !== 400 || sent === NOTHING || sent === UNPARSABLE) return [];
    if (!this.refusedForItsBody(exchange, operation, pathname)) return [];
    const media = requestBody.content?.['application/json'];
    if (!media) return [];
    const check = this.validator(`${pointer}/content/application~1json/schema`);
    return check(sent).length === 0
      ? [`request body refused as invalid (400), but the document accepts it: ${JSON.stringify(sent).slice(0, 200)}`]
      : [];
  }

  /** A 400 about the body: Better Auth's, or a problem whose errors are not about a query or path parameter. */
  private refusedForItsBody(exchange: Exchange, operation: Json, pathname: string): boolean {
    if (pathname.startsWith(`${this.authBasePath}/`)) return !NOT_ABOUT_SHAPE.has((exchange.responseBody as Json | undefined)?.code);
    const errors = (exchange.responseBody as Json | undefined)?.errors as Json[] | undefined;
    if (!errors?.length) return false;
    const parameters = new Set(((operation.parameters ?? []) as Json[]).map((p) => deref(this.document, p).name as string));
    return errors.some((error) => !parameters.has(String(error.path).split('.')[0]));
  }

  /** Validates against the schema at `pointer` in the document. */
  private validator(pointer: string): Check {
    return this.cached(
      pointer,
      () => this.ajv.compile({ $ref: `openapi${pointer}` }),
      (value) => value,
    );
  }

  /** Validates a header or query string, converted to the schema's type first (which needs a parent object). */
  private valueValidator(key: string, schema: Json): Check {
    const wrapped = () => this.coercing.compile(withDocumentRefs({ type: 'object', properties: { value: schema } }));
    return this.cached(`value:${key}`, wrapped, (value) => ({ value }));
  }

  private cached(key: string, compile: () => ValidateFunction, wrap: (value: unknown) => unknown): Check {
    let validate = this.validators.get(key);
    if (!validate) this.validators.set(key, (validate = compile()));
    return (value) => (validate(wrap(value)) ? [] : (validate.errors ?? []));
  }
}

function describe(what: string, check: Check, value: unknown): string[] {
  const errors = check(value);
  return errors.length ? [`${what} ${formatErrors(errors)}`] : [];
}

function formatErrors(errors: ErrorObject[]): string {
  return errors
    .slice(0, 5)
    .map((error) => `${error.instancePath || '/'} ${error.message}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`)
    .join('; ');
}

/** An inline schema compiled on its own: its `#/components/…` references point into the document. */
function withDocumentRefs(schema: Json): Json {
  return JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"openapi#/components/'));
}
