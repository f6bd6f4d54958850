import { planRollback, RollbackRefused } from './migration-rollback';

const files = [
  { tag: '0000_init', hash: 'a', when: 100 },
  { tag: '0001_add_things', hash: 'b', when: 200 },
  { tag: '0002_add_more', hash: 'c', when: 300 },
];
const allApplied = files.map(({ hash, when }) => ({ hash, when }));
const downs: Record<string, string> = {
  '0000_init': 'DROP TABLE "a";',
  '0001_add_things': '-- why\nDROP TABLE "b";--> statement-breakpoint\nDROP TYPE "t";\n',
  '0002_add_more': 'DROP TABLE "c";',
};
const plan = (target: Parameters<typeof planRollback>[2], records = allApplied, read = (tag: string): string | undefined => downs[tag]) =>
  planRollback(files, records, target, read);

describe(planRollback.name, () => {
  it('undoes the newest applied migration by default', () => {
    expect(plan('last')).toEqual([{ tag: '0002_add_more', hash: 'c', statements: ['DROP TABLE "c";'] }]);
    expect(plan('last', allApplied.slice(0, 2)).map((step) => step.tag)).toEqual(['0001_add_things']);
  });

  it('undoes every migration after --to, newest first, by number or by tag, and splits at the breakpoints', () => {
    expect(plan({ to: '0000' })).toEqual([
      { tag: '0002_add_more', hash: 'c', statements: ['DROP TABLE "c";'] },
      { tag: '0001_add_things', hash: 'b', statements: ['-- why\nDROP TABLE "b";', 'DROP TYPE "t";'] },
    ]);
    expect(plan({ to: '0001_add_things' }).map((step) => step.tag)).toEqual(['0002_add_more']);
    expect(plan('all').map((step) => step.tag)).toEqual(['0002_add_more', '0001_add_things', '0000_init']);
  });

  it('has nothing to do when nothing after the target is applied', () => {
    expect(plan('last', [])).toEqual([]);
    expect(plan({ to: '0002' })).toEqual([]);
    expect(plan({ to: '0001' }, allApplied.slice(0, 1))).toEqual([]);
  });

  it.each([
    [
      'a down script is missing',
      () => plan({ to: '0000' }, allApplied, (tag) => (tag === '0001_add_things' ? undefined : downs[tag])),
      'No down script 0001_add_things.down.sql in migrations/: nothing rolled back',
    ],
    ['the target does not exist', () => plan({ to: '0009' }), 'No migration 0009 in migrations/ (give a tag or its number, e.g. 0002)'],
    [
      'a newer release applied migrations',
      () => plan('last', [...allApplied, { hash: 'z', when: 400 }]),
      'The database has 1 migrations this release does not ship: roll them back with the release that applied them first',
    ],
    [
      'an applied file was edited',
      () => plan('last', [allApplied[0], { hash: 'x', when: 200 }]),
      'The database and migrations/ disagree on 0001_add_things (npm run db:status shows how): nothing rolled back',
    ],
  ])('refuses, before changing anything, when %s', (_, run, message) => {
    expect(run).toThrow(RollbackRefused);
    expect(run).toThrow(message);
  });
});
