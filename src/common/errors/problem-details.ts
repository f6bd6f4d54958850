import type { FieldError } from '../validation/request-validation.exception';

/** RFC 9457 problem details, as every error outside /api/auth is sent. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  requestId: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
