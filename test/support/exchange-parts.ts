// How the contract check reads what was sent and received.

export const NOTHING = Symbol('no body');
export const UNPARSABLE = Symbol('not JSON');

/** A request body as the service reads it: an object supertest serialised, parsed JSON text, or one of the two symbols. */
export function parseBody(body: unknown): unknown {
  if (body === undefined) return NOTHING;
  if (typeof body !== 'string' && !Buffer.isBuffer(body)) return body;
  if (body.length === 0) return NOTHING;
  try {
    // A leading byte order mark is allowed (RFC 8259 §8.1), and the body parser drops it.
    return JSON.parse(body.toString().replace(/^\uFEFF/, ''));
  } catch {
    return UNPARSABLE;
  }
}

/** `application/json` out of `application/json; charset=utf-8`. */
export function mediaType(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value?.split(';')[0]!.trim().toLowerCase() || undefined;
}

/** The contract's "JSON": application/json or any application/*+json type. */
export function isJson(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

/** Path and query as sent: `new URL` would resolve `.` and `..` segments the server sees as they are. */
export function splitUrl(url: string): { pathname: string; searchParams: URLSearchParams } {
  const [pathname = '/', query = ''] = url.replace(/^[a-z]+:\/\/[^/]+/i, '').split(/\?(.*)/s);
  return { pathname, searchParams: new URLSearchParams(query) };
}
