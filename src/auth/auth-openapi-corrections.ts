import type { OpenAPIObject } from '@nestjs/swagger';
import { z } from 'zod';
import { RETRY_AFTER } from '../http/openapi/common-responses';
import { openApiSchema } from '../http/openapi/zod-json-schema';
import { notCommonPasswordPattern } from './common-passwords';
import { PASSWORD_MAX, PASSWORD_MIN, userImageSchema, userNameSchema } from './profile-rules';

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

// What our checks (auth-input.hook.ts) add to Better Auth's body schemas, as JSON Schema.
const PROFILE_FIELDS = { name: openApiSchema(userNameSchema, 'input') as Schema, image: openApiSchema(userImageSchema, 'input') as Schema };
// Better Auth checks emails with zod's z.email() (the same zod): its regex is the rule. Without
// `format: email`, whose validators refuse what the regex takes (a local part over 64 characters).
const EMAIL = withoutFormat(openApiSchema(z.email(), 'input') as Schema);
const PASSWORD = {
  minLength: PASSWORD_MIN,
  maxLength: PASSWORD_MAX,
  pattern: notCommonPasswordPattern(),
  description: `${PASSWORD_MIN} to ${PASSWORD_MAX} characters, and not one of the most common passwords (400 PASSWORD_TOO_COMMON; the pattern lists them)`,
};

/**
 * Better Auth's generated document, made true to what it answers and accepts in this service:
 * 3.1 type lists instead of 3.0's `nullable`, optional model fields that come back as null,
 * the bodies' rules (required, email format, password length, name and image), and the 413
 * and 415 our body checks answer in Better Auth's error shape.
 */
export function correctAuthDocument(operations: Record<string, Operation>, schemas: Record<string, Schema>): void {
  for (const schema of Object.values(schemas)) replaceNullable(schema);
  for (const operation of Object.values(operations)) replaceNullable(operation);
  const user = schemas.User?.properties;
  if (user?.email) user.email = { ...withoutFormat(user.email), ...EMAIL };
  // And every other `email` with the format, its answers' inline users included (sign-up's 200).
  for (const operation of Object.values(operations)) replaceEmailFormat(operation);
  for (const name of NULL_WHEN_UNSET) {
    const model = schemas[name];
    for (const [field, property] of Object.entries(model?.properties ?? {})) {
      if (!model!.required?.includes(field) && typeof property.type === 'string') property.type = [property.type, 'null'];
    }
  }
  for (const [route, operation] of Object.entries(operations)) {
    // Our rate limiter counts these routes too, and says when to come back.
    const limited = operation.responses['429'] as { headers?: Record<string, unknown> } | undefined;
    if (limited) limited.headers = { ...limited.headers, 'Retry-After': RETRY_AFTER };
    // Our body checks run before Better Auth on every route, whatever the method.
    const refused = operation.responses['400'];
    operation.responses['413'] ??= { ...refused, description: 'Body over the size limit' };
    operation.responses['415'] ??= { ...refused, description: 'Body is not JSON' };
    const body = operation.requestBody as { required?: boolean; content: Record<string, { schema: Schema }> } | undefined;
    if (!body) continue;
    const properties = body.content['application/json']!.schema.properties ?? {};
    for (const [field, rules] of Object.entries(PROFILE_FIELDS))
      if (properties[field]) properties[field] = { ...properties[field], ...rules };
    if (route === '/sign-up/email' || route === '/sign-in/email') {
      body.required = true;
      properties.email = { ...withoutFormat(properties.email ?? {}), ...EMAIL };
    }
    if (route === '/sign-up/email') properties.password = { ...properties.password, ...PASSWORD };
    // Better Auth ignores other fields, and refuses an update with neither of these ("No fields to update").
    if (route === '/update-user') body.content['application/json']!.schema.anyOf = [{ required: ['name'] }, { required: ['image'] }];
  }
}

function withoutFormat({ format, ...schema }: Schema): Schema {
  void format;
  return schema;
}

function replaceEmailFormat(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const email = (node as Schema).properties?.email;
  if (email?.format === 'email') (node as Schema).properties!.email = { ...withoutFormat(email), ...EMAIL };
  for (const value of Object.values(node)) replaceEmailFormat(value);
}

// OpenAPI 3.0's `nullable: true` has no meaning in a 3.1 document: `type: [T, "null"]` says it.
function replaceNullable(node: unknown): void {
  if (!node || typeof node !== 'object') return;
  const schema = node as Schema;
  if (schema.nullable === true && typeof schema.type === 'string') schema.type = [schema.type, 'null'];
  if ('nullable' in schema && typeof schema.nullable === 'boolean') delete schema.nullable;
  for (const value of Object.values(schema)) replaceNullable(value);
}
