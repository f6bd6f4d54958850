import type { OpenAPIObject } from '@nestjs/swagger';

type Requirement = Record<string, string[]>;

/**
 * The session cookie as a way in beside the bearer token: every operation that takes a bearer
 * session takes the cookie the auth routes set just as well (a browser sends it by itself).
 */
export function addSessionCookie(document: OpenAPIObject, cookieName: string): void {
  document.components ??= {};
  document.components.securitySchemes = {
    ...document.components.securitySchemes,
    cookie: { type: 'apiKey', in: 'cookie', name: cookieName, description: 'The session cookie that sign-up and sign-in set' },
  };
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item)) {
      if (typeof operation !== 'object' || !('responses' in operation) || !operation.security) continue;
      const security = operation.security as Requirement[];
      operation.security = security.flatMap((requirement) => (isBearerAlone(requirement) ? [requirement, { cookie: [] }] : [requirement]));
    }
  }
}

function isBearerAlone(requirement: Requirement): boolean {
  const schemes = Object.keys(requirement);
  return schemes.length === 1 && schemes[0] === 'bearer';
}
