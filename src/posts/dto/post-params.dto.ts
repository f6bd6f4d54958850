import { requestDto } from '../../http/validation/request-dto';
import { z } from 'zod';

export const postIdParamsSchema = z.object({ id: z.uuid({ message: 'Post id must be a UUID' }) });
export class PostIdParamsDto extends requestDto(postIdParamsSchema) {}
