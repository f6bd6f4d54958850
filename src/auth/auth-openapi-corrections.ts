import type { OpenAPIObject } from '@nestjs/swagger';
import { PASSWORD_MAX, PASSWORD_MIN } from './profile-rules';

type Schema = {
  type?: string | string[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  [key: string]: unknown;
};
type Operation = NonNullable<OpenAPIObject['paths'][string]['post']>;

// Models whose optional fields Better Auth answers as null (user.image, session.ipAddress…).
const NULL_WHEN_UNSET = ['User', 'Session'];

/**
 * Better Auth's generated document, made true to what it answers and accepts in this service:
 * 3.1 type lists instead of 3.0's `nullable`, optional model fields that come back as null,
 * and the sign-up and sign-in bodies' rules (required, email format, password length).
 */
export function correctAuthDocument(operations: Record<string, Operation>, schemas: Record<string, Schema>): void {
  for (const schema of Object.values(schemas)) replaceNullable(schema);
  for (const operation of Object.values(operations)) replaceNullable(operation);
  for (const name of NULL_WHEN_UNSET) {
    const model = schemas[name];
    for (const [field, property] of Object.entries(model?.properties ?? {})) {
      if (!model!.required?.includes(field) && typeof property.type === 'string') property.type = [property.type, 'null'];
    }
  }
  for (const route of ['/sign-up/email', '/sign-in/email']) {
    const body = operations[route]?.requestBody as { required?: boolean; content: Record<string, { schema: Schema }> } | undefined;
    if (!body) continue;
    body.required = true;
    const properties = body.content['application/json']!.schema.properties!;
    properties.email = { ...properties.email, format: 'email' };
    properties.password = { ...properties.password, minLength: PASSWORD_MIN, maxLength: PASSWORD_MAX };
  }
}

// OpenAPI 3.0's `nullable: true` has no meaning in a 3.1 document: `type: [T, "null"]` says it.
function replaceNullable(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const schema = node as Schema;
  if (schema.nullable === true && typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  if ('nullable' in schema && typeof schema.nullable === 'boolean') delete schema.nullable;
  for (const value of Object.values(schema)) replaceNullable(value);
}
