import { isPlainRead } from './route-reads';

describe(isPlainRead.name, () => {
  it('sends plain reads, as Drizzle writes them, to replicas', () => {
    expect(isPlainRead('select "id", "title" from "posts" where "posts"."id" = $1')).toBe(true);
    expect(isPlainRead('  SELECT 1')).toBe(true);
    expect(isPlainRead('with "page" as (select "id" from "posts") select * from "page"')).toBe(true);
    // Column names that contain a keyword are not the keyword.
    expect(isPlainRead('select "updated_at", "deleted_at" from "posts"')).toBe(true);
  });

  it('keeps writes, locking reads and anything else on the primary', () => {
    for (const text of [
      'insert into "posts" ("title") values ($1)',
      'update "posts" set "title" = $1',
      'delete from "idempotency_keys" where "key" = $1',
      'select * from "posts" where "id" = $1 for update',
      'select * from "posts" for no key update',
      'select * from "posts" for share',
      'select * from "posts" for key share',
      'with "gone" as (delete from "posts" returning "id") select count(*) from "gone"',
      'begin',
      'set local statement_timeout = 2000',
      "select set_config('a.b', 'c', false)",
      "select nextval('posts_seq')",
      'select pg_advisory_xact_lock(1)',
    ]) {
      expect([text, isPlainRead(text)]).toEqual([text, false]);
    }
  });
});
