import { Injectable } from '@nestjs/common';
import { AuthService } from '@thallesp/nestjs-better-auth';
import type { MappedError } from '../http/errors/error-mapping';
import type { MountedRoutes, OpenApiAddition } from '../http/mounted-routes';
import { authErrorCode } from './auth-body.middleware';
import { authOpenApi } from './auth.openapi';
import type { BetterAuthInstance } from './better-auth.factory';

/** Better Auth's routes as the request pipeline sees them: where they are, their error shape, their docs. */
@Injectable()
export class BetterAuthRoutes implements MountedRoutes {
  readonly basePath: string;

  constructor(private readonly auth: AuthService<BetterAuthInstance>) {
    this.basePath = auth.instance.options.basePath!;
  }

  errorBody(error: MappedError): object {
    return { code: authErrorCode(error.status), message: error.detail };
  }

  openApi(): Promise<OpenApiAddition> {
    return authOpenApi(this.auth.instance, this.basePath);
  }
}
