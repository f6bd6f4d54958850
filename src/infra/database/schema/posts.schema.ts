import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import { users } from './auth.schema';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

// Millisecond precision on purpose: a JS Date holds milliseconds, so a keyset
// cursor built from a row's createdAt matches the stored value exactly.
const moment = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: 'date' });

export const posts = pgTable(
  'posts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    title: varchar('title', { length: 255 }).notNull(),
    content: text('content').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    published: boolean('published').notNull().default(false),
    createdAt: moment('created_at').notNull().defaultNow(),
    updatedAt: moment('updated_at').notNull().defaultNow(),
    deletedAt: moment('deleted_at'),
    // Bumped by every write; the ETag is derived from it.
    version: integer('version').notNull().default(1),
    searchVector: tsvector('search_vector')
      .notNull()
      .generatedAlwaysAs(sql`setweight(to_tsvector('english', "title"), 'A') || setweight(to_tsvector('english', "content"), 'B')`),
  },
  (t) => [
    // The public feed: published, live posts, newest first, keyset on (created_at, id).
    // NULLS FIRST is PostgreSQL's default for DESC, so `ORDER BY created_at DESC, id DESC`
    // (and its ASC mirror, scanned backwards) match these indexes exactly.
    index('posts_feed_idx')
      .on(t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.published} AND ${t.deletedAt} IS NULL`),
    index('posts_author_idx')
      .on(t.authorId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.deletedAt} IS NULL`),
    // fastupdate off: with it on, new entries wait in a pending list that every search scans in full.
    index('posts_search_idx').using('gin', t.searchVector).with({ fastupdate: false }),
  ],
);

export const postAction = pgEnum('post_action', ['create', 'update', 'delete']);

export const postHistory = pgTable(
  'post_history',
  {
    // An identity keeps entries of one post in the order they were written,
    // even when two land in the same millisecond.
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    postId: uuid('post_id')
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    action: postAction('action').notNull(),
    changes: jsonb('changes').$type<Record<string, [unknown, unknown]>>().notNull(),
    at: moment('at').notNull().defaultNow(),
  },
  (t) => [index('post_history_post_idx').on(t.postId, t.id)],
);

export type PostRow = typeof posts.$inferSelect;
export type PostHistoryRow = typeof postHistory.$inferSelect;
