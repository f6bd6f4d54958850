import { migrationStatus } from './migration-status';

const files = [
  { tag: '0000_init', hash: 'a', when: 100 },
  { tag: '0001_next', hash: 'b', when: 200 },
];

describe(migrationStatus.name, () => {
  it.each([
    [
      'up to date',
      [
        { hash: 'a', when: 100 },
        { hash: 'b', when: 200 },
      ],
      ['applied', 'applied'],
      0,
      0,
    ],
    ['one pending', [{ hash: 'a', when: 100 }], ['applied', 'pending'], 0, 1],
    [
      'an edited file',
      [
        { hash: 'a', when: 100 },
        { hash: 'x', when: 200 },
      ],
      ['applied', 'changed'],
      0,
      2,
    ],
    ['a file Drizzle will skip (its when is older than a record)', [{ hash: 'b', when: 200 }], ['skipped', 'applied'], 0, 2],
    [
      'a newer release',
      [
        { hash: 'a', when: 100 },
        { hash: 'b', when: 200 },
        { hash: 'c', when: 300 },
      ],
      ['applied', 'applied'],
      1,
      2,
    ],
  ] as const)('%s', (_case, records, states, unknown, exitCode) => {
    const status = migrationStatus(files, [...records]);
    expect(status.migrations.map((m) => m.state)).toEqual(states);
    expect(status.unknown).toHaveLength(unknown);
    expect(status.exitCode).toBe(exitCode);
  });
});
