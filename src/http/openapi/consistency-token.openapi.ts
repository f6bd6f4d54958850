import type { OpenAPIObject } from '@nestjs/swagger';
import { CONSISTENCY_TOKEN_HEADER } from '../consistency/consistency-token';
import { isUnder } from '../mounted-routes';

type Operation = { parameters?: unknown[]; responses: Record<string, { headers?: Record<string, unknown> }> };

const WRITES = ['post', 'put', 'patch', 'delete'];

/**
 * X-Consistency-Token (read-consistency.middleware.ts): answered by every write of ours, taken
 * by every read. Not on Better Auth's routes (always the primary) or the health probes.
 */
export function addConsistencyToken(document: OpenAPIObject, ownShapes: string[]): void {
  // No pattern: the service takes any value (one that does not parse sends the read to the primary).
  const schema = { type: 'string' };
  document.components ??= {};
  document.components.headers = {
    ...document.components.headers,
    ConsistencyToken: {
      description:
        'Present when the service reads from replicas: the position this write reached. Send it back on your next reads to see this write, whichever instance serves them',
      schema,
    },
  };
  document.components.parameters = {
    ...document.components.parameters,
    ConsistencyToken: {
      name: CONSISTENCY_TOKEN_HEADER,
      in: 'header',
      required: false,
      schema,
      description:
        'The X-Consistency-Token of your last write: the read is served by a replica that has it, or by the primary. Treat it as opaque; one that does not parse is not an error: the read is served by the primary',
    },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    if (path.startsWith('/health') || ownShapes.some((prefix) => isUnder(path, prefix))) continue;
    for (const [method, operation] of Object.entries(item) as [string, Operation][]) {
      if (method === 'get') operation.parameters = [...(operation.parameters ?? []), { $ref: '#/components/parameters/ConsistencyToken' }];
      if (!WRITES.includes(method)) continue;
      for (const [status, response] of Object.entries(operation.responses)) {
        if (status.startsWith('2'))
          response.headers = { ...response.headers, [CONSISTENCY_TOKEN_HEADER]: { $ref: '#/components/headers/ConsistencyToken' } };
      }
    }
  }
}
