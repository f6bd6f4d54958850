import { posts, type PostRow } from '../../src/infra/database/schema';
import { type TestApp } from './test-app';
import { type Author } from './listing';

// Posts inserted straight into the database, at chosen times, for the list and search tests.
export type NewPost = typeof posts.$inferInsert;

export const BASE = Date.parse('2024-03-01T12:00:00.000Z');
export const at = (ms: number) => new Date(BASE + ms);

export async function insertPosts(t: TestApp, values: NewPost[]): Promise<PostRow[]> {
  return t.db.insert(posts).values(values).returning();
}

/**
 * 45+ published posts by two authors, groups of three sharing the exact same
 * createdAt (ties broken by id), 250 ms apart with some 1 ms offsets; plus drafts
 * and deleted posts at the newest times, where a leak would show first.
 */
export async function seedFeed(t: TestApp, alice: Author, bob: Author): Promise<PostRow[]> {
  const feed: NewPost[] = Array.from({ length: 45 }, (_, i) => {
    const createdAt = at(Math.floor(i / 3) * 250 + (i % 9 === 8 ? 1 : 0));
    return {
      title: `Post ${i}`,
      content: `Body of post number ${i}`,
      published: true,
      authorId: i % 3 === 0 ? bob.id : alice.id,
      createdAt,
      updatedAt: new Date(createdAt.getTime() + 5000),
    };
  });
  const drafts: NewPost[] = Array.from({ length: 7 }, (_, i) => ({
    title: `Draft ${i}`,
    content: `Unpublished body ${i}`,
    published: false,
    authorId: i < 5 ? alice.id : bob.id,
    createdAt: at(i === 0 ? 60_000 : i * 700 + 3),
  }));
  const deleted: NewPost[] = [
    {
      title: 'Deleted 0',
      content: 'Gone but not forgotten',
      published: true,
      authorId: alice.id,
      createdAt: at(61_000),
      deletedAt: at(62_000),
    },
    {
      title: 'Deleted 1',
      content: 'Gone but not forgotten',
      published: true,
      authorId: alice.id,
      createdAt: at(2_000),
      deletedAt: at(62_000),
    },
    {
      title: 'Deleted 2',
      content: 'Gone but not forgotten',
      published: true,
      authorId: bob.id,
      createdAt: at(61_500),
      deletedAt: at(62_000),
    },
    {
      title: 'Deleted 3',
      content: 'A deleted draft here',
      published: false,
      authorId: alice.id,
      createdAt: at(63_000),
      deletedAt: at(64_000),
    },
  ];
  const gardening: NewPost[] = [
    { title: 'Draft about gardening', content: 'Tomatoes need sun and water', published: false, authorId: alice.id, createdAt: at(5_001) },
    {
      title: 'Gardening for beginners',
      content: 'Start with herbs on a windowsill',
      published: true,
      authorId: bob.id,
      createdAt: at(5_002),
    },
  ];
  return insertPosts(t, [...feed, ...drafts, ...deleted, ...gardening]);
}
