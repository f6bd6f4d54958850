import { deflateRawSync } from 'node:zlib';

/**
 * Estimated bits of entropy in `secret`: the smaller of its length times the Shannon
 * entropy of its own characters (catches a small alphabet) and its deflated size (catches
 * repeats). Rough, but it tells `openssl rand -base64 32` (~230 bits) from 32 copies of one
 * character (0) or a word said six times (~100).
 */
export function estimatedEntropyBits(secret: string): number {
  const chars = [...secret];
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  let perChar = 0;
  for (const count of counts.values()) {
    const p = count / chars.length;
    perChar -= p * Math.log2(p);
  }
  const compressedBits = deflateRawSync(secret, { level: 9 }).length * 8;
  return Math.round(Math.min(perChar * chars.length, compressedBits));
}
