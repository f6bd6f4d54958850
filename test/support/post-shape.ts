import type { Response } from 'supertest';
import type { Post } from '../../src/posts/dto/post-response.dto';
import { expectProblem } from './problem';

/** The fields of a post in every response, sorted: nothing more, nothing less. */
export const POST_KEYS = ['author', 'authorId', 'content', 'createdAt', 'id', 'published', 'title', 'updatedAt'];
export const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A well-formed id that no post has. */
export const UNKNOWN_ID = '3f2b8c1e-6d4a-4f5b-9c7e-1a2b3c4d5e6f';

/** One entry of GET /api/posts/:id/history: the changed fields as [before, after]. */
export interface HistoryEntry {
  action: 'create' | 'update' | 'delete';
  actorId: string;
  at: string;
  changes: Record<string, [unknown, unknown]>;
}

export function expectPostShape(body: unknown): void {
  expect(Object.keys(body as object).sort()).toEqual(POST_KEYS);
  const post = body as Post;
  expect(post.id).toMatch(UUID);
  expect(Object.keys(post.author).sort()).toEqual(['id', 'name']);
  expect(post.createdAt).toMatch(ISO_UTC);
  expect(post.updatedAt).toMatch(ISO_UTC);
}

/** A 400 problem listing an error for `path` (and `code`, when given); every error is {path, code, message}. */
export function expectFieldError(res: Response, instance: string, path: string, code?: string): void {
  expectProblem(res, 400, instance);
  const errors = res.body.errors as unknown[];
  expect(Array.isArray(errors)).toBe(true);
  for (const error of errors) {
    expect(error).toEqual({ path: expect.any(String), code: expect.any(String), message: expect.any(String) });
  }
  expect(errors).toContainEqual(expect.objectContaining(code ? { path, code } : { path }));
}
