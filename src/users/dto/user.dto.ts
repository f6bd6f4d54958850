import { createZodDto } from 'nestjs-zod';
import { requestDto } from '../../http/validation/request-dto';
import { z } from 'zod';

const timestamp = z.iso.datetime();

// Better Auth's own email rule (zod's regex), without `format: email`: its validators refuse
// addresses the regex takes (a local part over 64 characters), which sign-up stores.
const email = z.string().regex(z.regexes.email);

export const meSchema = z.object({ id: z.uuid(), name: z.string(), email, emailVerified: z.boolean(), createdAt: timestamp });

export const publicProfileSchema = z.object({ id: z.uuid(), name: z.string(), createdAt: timestamp });

export const userIdParamsSchema = z.object({ id: z.uuid({ message: 'User id must be a UUID' }) });

export class MeDto extends createZodDto(meSchema) {}
export class PublicProfileDto extends createZodDto(publicProfileSchema) {}
export class UserIdParamsDto extends requestDto(userIdParamsSchema) {}

export type Me = z.infer<typeof meSchema>;
export type PublicProfile = z.infer<typeof publicProfileSchema>;
