import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { ApiProblems } from '../http/openapi/api-problem.decorator';
import { DatabaseHealthIndicator } from './database.health';
import { HealthDto } from './health-response.dto';

// What terminus answers for a check with no indicators: liveness asks nothing of the database.
const LIVE = Object.freeze({ status: 'ok', info: {}, error: {}, details: {} });

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: DatabaseHealthIndicator,
  ) {}

  // The constant, not terminus' executor: probes poll this often, and it has nothing to check.
  @Get('live')
  @ApiOkResponse({ description: 'The process is up', type: HealthDto.Output })
  @ApiOperation({ operationId: 'checkLiveness', summary: 'Liveness: 200 while the process is up' })
  live() {
    return LIVE;
  }

  // swaggerDocumentation: false, its 503 in terminus' own shape is not what we send (problem+json).
  @Get('ready')
  @HealthCheck({ swaggerDocumentation: false })
  @ApiOperation({ operationId: 'checkReadiness', summary: 'Readiness: 200 when the database answers' })
  @ApiOkResponse({ description: 'Ready', type: HealthDto.Output })
  @ApiProblems(503)
  async ready() {
    const result = await this.health.check([() => this.database.ping()]).catch(() => undefined);
    if (!result) throw new ServiceUnavailableException('Not ready: the database did not answer');
    return result;
  }
}
