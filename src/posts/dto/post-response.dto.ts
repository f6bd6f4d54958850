import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** withTotal counts this many matches at most, as search engines cap their hit counts. */
export const TOTAL_CAP = 10_000;

const timestamp = z.iso.datetime().meta({ example: '2026-11-25T20:13:24.000Z' });

// Ids only on nested schemas: on a DTO's root schema they break cleanupOpenApiDoc (zod 4.6).
export const postSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  content: z.string(),
  published: z.boolean(),
  authorId: z.uuid(),
  author: z.object({ id: z.uuid(), name: z.string() }).meta({ id: 'PostAuthor' }),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const postPageSchema = z.object({
  data: z.array(postSchema.meta({ id: 'Post' })),
  nextCursor: z.string().nullable().meta({ description: 'Pass as cursor for the next page; null on the last page and in page mode' }),
  total: z
    .number()
    .int()
    .max(TOTAL_CAP)
    .optional()
    .meta({ description: `Present when withTotal=true: the matching posts, counted up to ${TOTAL_CAP.toLocaleString('en')}` }),
  totalCapped: z
    .literal(true)
    .optional()
    .meta({
      description: `Present when more than ${TOTAL_CAP.toLocaleString('en')} posts match (total is then ${TOTAL_CAP.toLocaleString('en')})`,
    }),
});

/** A field's `[old, new]`; old is null on create, when the post had no value yet. */
const change = <T extends z.ZodType>(value: T) =>
  z.tuple([value.nullable(), value]).optional().meta({ description: '[old, new]; old is null on create' });

// The editable fields that changed: all three on create, those that changed on update, none on delete.
export const postChangesSchema = z
  .strictObject({ title: change(z.string()), content: change(z.string()), published: change(z.boolean()) })
  .meta({ id: 'PostChanges' });

export const postHistoryEntrySchema = z.object({
  action: z.enum(['create', 'update', 'delete']),
  actorId: z.uuid(),
  at: timestamp,
  changes: postChangesSchema,
});

export class PostDto extends createZodDto(postSchema) {}
export class PostPageDto extends createZodDto(postPageSchema) {}
export class PostHistoryEntryDto extends createZodDto(postHistoryEntrySchema) {}

export type Post = z.infer<typeof postSchema>;
export type PostPage = z.infer<typeof postPageSchema>;
export type PostHistoryEntry = z.infer<typeof postHistoryEntrySchema>;
export type PostChangeSet = z.infer<typeof postChangesSchema>;
