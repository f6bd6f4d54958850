import { Injectable } from '@nestjs/common';
import { AuthService } from '@thallesp/nestjs-better-auth';
import type { Response } from 'express';
import type { MappedError } from '../http/errors/error-mapping';
import type { MountedRoutes, OpenApiAddition } from '../http/mounted-routes';
import { authOpenApi } from './auth.openapi';
import type { BetterAuthInstance } from './better-auth.factory';

const CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** Better Auth's routes as the request pipeline sees them: where they are, their error shape, their docs. */
@Injectable()
export class BetterAuthRoutes implements MountedRoutes {
  readonly basePath: string;

  constructor(private readonly auth: AuthService<BetterAuthInstance>) {
    this.basePath = auth.instance.options.basePath!;
  }

  sendError(response: Response, error: MappedError): void {
    for (const [name, value] of Object.entries(error.headers ?? {})) response.setHeader(name, value);
    response.status(error.status).json({ code: CODES[error.status] ?? 'INTERNAL_SERVER_ERROR', message: error.detail });
  }

  openApi(): Promise<OpenApiAddition> {
    return authOpenApi(this.auth.instance, this.basePath);
  }
}
