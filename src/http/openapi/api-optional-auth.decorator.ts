import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity } from '@nestjs/swagger';

/**
 * The route works with or without a session (`@OptionalAuth()`): documented as
 * `security: [{}, { bearer: [] }]`, so clients and Swagger UI may call it either way.
 */
export function ApiOptionalAuth() {
  return applyDecorators(ApiBearerAuth(), ApiSecurity({}));
}
