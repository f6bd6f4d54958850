import { requestDto } from '../../http/validation/request-dto';
import { z } from 'zod';
import { codePointString } from '../../common/code-point-length';

const title = codePointString({
  min: 1,
  max: 255,
  tooShort: 'Title is required',
  tooLong: 'Title must be at most 255 characters',
  trim: true,
  invisible: 'Title must contain at least one visible character',
}).meta({ description: '1–255 characters (code points) once trimmed, which is how it is stored', example: 'Hello, Drizzle' });

const content = codePointString({
  min: 10,
  max: 100_000,
  tooShort: 'Content must be at least 10 characters',
  tooLong: 'Content must be at most 100000 characters',
}).meta({ example: 'A first post, written through Swagger UI.' });

const published = z.boolean().meta({ description: 'Drafts are visible to their author only' });

// No meta ids on DTO roots: nestjs-zod names their components after the DTO class
// (an id there makes cleanupOpenApiDoc fail with zod 4.6).
export const createPostSchema = z.strictObject({ title, content, published: published.default(false) });

export const replacePostSchema = z.strictObject({ title, content, published });

export const updatePostSchema = z
  .strictObject({ title: title.optional(), content: content.optional(), published: published.optional() })
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one of title, content, published' })
  .meta({ minProperties: 1 }); // the refine, as the document says it

export class CreatePostDto extends requestDto(createPostSchema) {}
export class ReplacePostDto extends requestDto(replacePostSchema) {}
export class UpdatePostDto extends requestDto(updatePostSchema) {}

/** The editable fields, as a PATCH, a PUT or a create sets them. */
export type PostChanges = z.output<typeof updatePostSchema>;
