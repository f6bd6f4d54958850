import { BadRequestException } from '@nestjs/common';
import type { ZodError } from 'zod';

export interface FieldError {
  path: string;
  code: string;
  message: string;
}

export type RequestPart = 'body' | 'query' | 'param' | 'header' | 'custom';

const DETAIL: Record<RequestPart, string> = {
  body: 'Request body is invalid',
  query: 'Query parameters are invalid',
  param: 'Path parameters are invalid',
  header: 'Request headers are invalid',
  custom: 'Request is invalid',
};

/** A 400 that carries field errors; the problem filter renders them as `errors[]`. */
export class RequestValidationException extends BadRequestException {
  constructor(
    readonly part: RequestPart,
    readonly fieldErrors: FieldError[],
  ) {
    super(DETAIL[part]);
  }

  static fromZod(part: RequestPart, error: ZodError): RequestValidationException {
    return new RequestValidationException(part, toFieldErrors(error));
  }
}

// An unknown key is reported under its own name, as the contract asks.
export function toFieldErrors(error: ZodError): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: [...path, key].join('.'),
        code: issue.code,
        message: `Unknown field "${key}"`,
      }));
    }
    return [{ path: path.join('.'), code: issue.code, message: issue.message }];
  });
}
