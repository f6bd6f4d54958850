import { createHmac, timingSafeEqual } from 'node:crypto';

// Better Auth's signed tokens and cookies, read as its own checks read them. Pinned to the
// format of the Better Auth version in package.json by session-token.spec.ts, which signs
// in through Better Auth itself: an upgrade that changes the format fails that test.

const SIGNATURE_BYTES = 32; // HMAC-SHA-256

/**
 * The session token in `Authorization: Bearer <token>`, if it is one Better Auth's
 * bearer plugin would accept as is: signed (`token.signature`, as Better Auth hands it
 * out) with a valid signature, or a bare token (the plugin signs those itself).
 * `undefined` for anything else, which is left to Better Auth.
 */
export function bearerToken(header: string | undefined, secret: string): string | undefined {
  if (!header || header.slice(0, 7).toLowerCase() !== 'bearer ') return undefined;
  const raw = header.slice(7).trim();
  if (!raw) return undefined;
  if (!raw.includes('.')) return raw;
  const decoded = raw.includes('%') ? safeDecode(raw) : raw;
  const [value, signature] = decoded.split('.');
  return value && signature && validSignature(value, signature, secret) ? value : undefined;
}

/** The token in Better Auth's signed session cookie, when its signature is valid. */
export function cookieToken(header: string | undefined, settings: { secret: string; cookieName: string }): string | undefined {
  if (!header) return undefined;
  const prefix = `${settings.cookieName}=`;
  const pair = header
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(prefix));
  if (!pair) return undefined;
  const cookie = safeDecode(pair.slice(prefix.length));
  const dot = cookie.lastIndexOf('.');
  if (dot < 1) return undefined;
  const value = cookie.slice(0, dot);
  const signature = cookie.slice(dot + 1);
  // better-call's own format check: standard base64 of 32 bytes, padded.
  if (signature.length !== 44 || !signature.endsWith('=')) return undefined;
  return validSignature(value, signature, settings.secret) ? value : undefined;
}

function validSignature(value: string, signature: string, secret: string): boolean {
  // Buffer's base64 decoder takes both alphabets, padded or not, as Better Auth's checks do.
  const sent = Buffer.from(signature, 'base64');
  if (sent.length !== SIGNATURE_BYTES) return false;
  return timingSafeEqual(sent, createHmac('sha256', secret).update(value).digest());
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
