import { formatLsn, parseLsn } from './lsn';

describe('WAL positions', () => {
  it('reads what PostgreSQL prints and orders positions as the WAL does', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    // The high half counts more than any low half: a string comparison would get this wrong.
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    expect(parseLsn('A/1')! > parseLsn('9/FFFFFFFF')!).toBe(true);
  });

  it('refuses anything else', () => {
    for (const text of ['', '0', '/', '0/', '/0', '0/0/0', 'G/0', '0/123456789', ' 0/1', '0/1 ', '-1/0', '0x1/0']) {
      expect(parseLsn(text)).toBeUndefined();
    }
  });

  it('prints positions back as PostgreSQL does', () => {
    for (const text of ['0/0', '0/16B3748', '16/B374D848', 'FFFFFFFF/FFFFFFFF']) expect(formatLsn(parseLsn(text)!)).toBe(text);
  });
});
