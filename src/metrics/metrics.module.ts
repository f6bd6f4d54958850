import { Controller, type DynamicModule, Get, type MiddlewareConsumer, Module, type NestModule, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController, PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { collectProcessMetrics } from './registry';

@ApiExcludeController()
@Controller()
class MetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: Response) {
    return super.index(response);
  }
}

/** Prometheus metrics at /metrics: HTTP requests by route and status, pool usage, process metrics. */
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(options: { path?: string } = {}): DynamicModule {
    collectProcessMetrics();
    return {
      module: MetricsModule,
      imports: [
        // prom-client's default metrics are registered by collectProcessMetrics, once per process.
        PrometheusModule.register({ path: options.path ?? '/metrics', controller: MetricsController, defaultMetrics: { enabled: false } }),
      ],
      providers: [DatabasePoolMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
