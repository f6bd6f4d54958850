// A WAL position as PostgreSQL prints it: two hexadecimal halves of a 64-bit number.
const LSN_PATTERN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

/** `text` (e.g. `16/B374D848`, what `pg_current_wal_lsn()` gives) as a number that compares, or undefined. */
export function parseLsn(text: string): bigint | undefined {
  if (!LSN_PATTERN.test(text)) return undefined;
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/** The form PostgreSQL prints, which `parseLsn` reads back. */
export function formatLsn(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
