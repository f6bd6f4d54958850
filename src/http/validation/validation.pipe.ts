import { type ArgumentMetadata, Injectable } from '@nestjs/common';
import { ZodValidationException, ZodValidationPipe } from 'nestjs-zod';
import type { ZodError } from 'zod';
import { RequestValidationException } from './request-validation.exception';

/** nestjs-zod's pipe, whose errors say which part of the request was wrong. */
@Injectable()
export class ValidationPipe extends ZodValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): unknown {
    try {
      return super.transform(value, metadata);
    } catch (error) {
      if (error instanceof ZodValidationException) {
        throw RequestValidationException.fromZod(metadata.type, error.getZodError() as ZodError);
      }
      throw error;
    }
  }
}
