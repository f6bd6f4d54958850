import type { IncomingMessage } from 'node:http';

// "JSON" per the contract: application/json or any application/*+json type.
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

export function isJsonMediaType(contentType: string | undefined): boolean {
  const mediaType = contentType?.split(';', 1)[0]?.trim();
  return !!mediaType && JSON_TYPE.test(mediaType);
}

/** `type` option of express.json(): parse exactly the bodies the contract calls JSON. */
export function isJsonContentType(request: IncomingMessage): boolean {
  return isJsonMediaType(request.headers['content-type']);
}

export function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
