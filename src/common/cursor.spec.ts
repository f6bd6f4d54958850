import { decodeCursor, encodeCursor } from './cursor';

describe('cursor', () => {
  const position = { createdAt: new Date('2026-01-02T03:04:05.678Z'), id: '2b1e4f0c-8d7a-4c55-9f61-0d9c7c3b2a10' };

  it('round-trips a position to the millisecond', () => {
    expect(decodeCursor(encodeCursor(position))).toEqual(position);
  });

  it('is opaque: URL-safe and not the raw values', () => {
    const cursor = encodeCursor(position);
    expect(cursor).toMatch(/^[\w-]+$/);
    expect(cursor).not.toContain(position.id);
  });

  it.each([
    ['garbage', 'not-a-cursor!'],
    ['empty', ''],
    ['base64 of non-JSON', Buffer.from('hello').toString('base64url')],
    ['wrong shape', Buffer.from(JSON.stringify({ a: 1 })).toString('base64url')],
    ['bad date', Buffer.from(JSON.stringify(['yesterday', position.id])).toString('base64url')],
    ['year zero', Buffer.from(JSON.stringify(['0000-01-01T00:00:00.000Z', position.id])).toString('base64url')],
    ['bad id', Buffer.from(JSON.stringify([position.createdAt.toISOString(), 'x'])).toString('base64url')],
    ['tampered', `${encodeCursor(position).slice(0, -3)}zz`],
  ])('rejects a %s cursor', (_name, value) => {
    expect(decodeCursor(value)).toBeUndefined();
  });
});
