import { z } from 'zod';

/** The keyset position after a row: its creation time and id, the feed's sort key. */
export interface Cursor {
  createdAt: Date;
  id: string;
}

const payload = z.tuple([z.iso.datetime(), z.uuid()]);

/** Opaque to clients: base64url of a small JSON tuple. */
export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify([cursor.createdAt.toISOString(), cursor.id])).toString('base64url');
}

/** The cursor, or `undefined` when the string was not made by {@link encodeCursor}. */
export function decodeCursor(value: string): Cursor | undefined {
  if (!/^[\w-]{1,200}$/.test(value)) return undefined;
  try {
    const parsed = payload.safeParse(JSON.parse(Buffer.from(value, 'base64url').toString('utf8')));
    if (!parsed.success) return undefined;
    const [createdAt, id] = parsed.data;
    const date = new Date(createdAt);
    // ISO allows year 0000; PostgreSQL has no year zero.
    if (date.getUTCFullYear() < 1) return undefined;
    return { createdAt: date, id };
  } catch {
    return undefined;
  }
}
