import { sql } from 'drizzle-orm';
import type { AnyPgDatabase } from './migration-records';

/** Every seeded user signs in with this password (development data only). */
export const SEED_PASSWORD = 'correct horse battery staple';

const FIRST_NAMES =
  'Ada Grace Alan Edsger Barbara Donald Frances Ken Margaret Dennis Radia John Katherine Linus Hedy Tim Annie Guido Joan Niklaus';
const LAST_NAMES =
  'Lovelace Hopper Turing Dijkstra Liskov Knuth Allen Thompson Hamilton Ritchie Perlman McCarthy Johnson Torvalds Lamarr Berners-Lee Easley Rossum Clarke Wirth';
const WORDS = `
  the a of to and in on with for from river mountain coffee window garden silver market engine harbor quiet planet
  bridge forest candle winter summer ocean island valley meadow thunder storm cloud morning evening street city
  village tower library museum concert guitar piano melody poem story chapter letter paper marble copper glass
  stone lantern mirror bicycle train rocket sailor baker doctor teacher pilot painter writer traveler neighbor
  friend orchard apple lemon honey bread cheese soup noodle tomato golden bright gentle brave clever curious
  distant hidden ancient modern simple careful patient rapid silent steady wild wise travel wander gather build
  paint write sing climb carry follow discover explore imagine remember whisper listen watch wonder repair measure`;

export interface SeedCounts {
  users: number;
  posts: number;
  /** The first seeded user's, to sign in with. */
  firstEmail: string;
}

/**
 * Users (one per ten posts, each with a password account) and posts with their `create`
 * history, all derived from the row number: ids, words, dates and flags come from hashes, so a
 * second run inserts nothing and a larger SEED_POSTS only adds. Plain SQL on tables that exist
 * since 0000_init, so the migration tests can seed any schema version.
 */
export async function seedDevelopmentData(db: AnyPgDatabase, posts: number, passwordHash: string): Promise<SeedCounts> {
  const users = Math.max(1, Math.ceil(posts / 10));
  const words = sql`string_to_array(${WORDS.trim().replace(/\s+/g, ' ')}, ' ')`;
  // A number in [0, n) from a key: hashtext is stable across PostgreSQL versions and PGlite.
  const pick = (key: ReturnType<typeof sql>, n: ReturnType<typeof sql> | number) => sql`mod(hashtext(${key})::bigint + 2147483648, ${n})`;
  return db.transaction(async (tx) => {
    const insertedUsers = await tx.execute(sql`
      with u as (
        select g, md5('seed-user-' || g)::uuid as id,
               (string_to_array(${FIRST_NAMES}, ' '))[1 + ${pick(sql`'first' || g`, 20)}] as first,
               (string_to_array(${LAST_NAMES}, ' '))[1 + ${pick(sql`'last' || g`, 20)}] as last,
               timestamptz '2025-01-01' + ${pick(sql`'joined' || g`, 86400 * 180)} * interval '1 second' as at
        from generate_series(1, ${users}::int) as g
      ), inserted as (
        insert into users (id, name, email, email_verified, created_at, updated_at)
        select id, first || ' ' || last, lower(first || '.' || replace(last, '-', '') || '.' || g || '@example.com'), true, at, at from u
        on conflict do nothing
        returning id, created_at
      )
      insert into accounts (id, account_id, provider_id, user_id, password, created_at, updated_at)
      select md5('seed-account-' || id)::uuid, id::text, 'credential', id, ${passwordHash}, created_at, created_at from inserted
      on conflict do nothing
      returning id`);
    const insertedPosts = await tx.execute(sql`
      with p as (
        select g, md5('seed-post-' || g)::uuid as id, md5('seed-user-' || (1 + (g::bigint * 7919) % ${users}::int))::uuid as author,
               ${pick(sql`'published' || g`, 100)} < 80 as published,
               ${pick(sql`'deleted' || g`, 100)} < 3 as deleted,
               timestamptz '2025-07-01' + ${pick(sql`'written' || g`, 86400 * 365)} * interval '1 second' as at,
               3 + ${pick(sql`'title' || g`, 5)} as title_words, 25 + ${pick(sql`'content' || g`, 90)} as content_words
        from generate_series(1, ${posts}::int) as g
      ), texts as (
        select p.*,
               initcap(array_to_string(array(select (${words})[1 + ${pick(sql`'t' || g || ':' || k`, sql`cardinality(${words})`)}] from generate_series(1, title_words) as k), ' ')) as title,
               array_to_string(array(select (${words})[1 + ${pick(sql`'c' || g || ':' || k`, sql`cardinality(${words})`)}] from generate_series(1, content_words) as k), ' ') as words
        from p
      ), inserted as (
        insert into posts (id, title, content, author_id, published, created_at, updated_at, deleted_at)
        select id, title, upper(left(words, 1)) || substr(words, 2) || '.', author, published, at, at, case when deleted then at + interval '1 day' end
        from texts
        on conflict do nothing
        returning id, author_id, title, content, published, created_at
      )
      insert into post_history (post_id, actor_id, action, changes, at)
      select id, author_id, 'create', jsonb_build_object('title', jsonb_build_array(null, title), 'content', jsonb_build_array(null, content),
             'published', jsonb_build_array(null, published)), created_at
      from inserted
      returning id`);
    const first = await tx.execute<{ email: string }>(sql`select email from users where id = md5('seed-user-1')::uuid`);
    return { users: insertedUsers.rows.length, posts: insertedPosts.rows.length, firstEmail: first.rows[0].email };
  });
}
