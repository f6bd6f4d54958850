import { Controller, type DynamicModule, Get, Module, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController, PrometheusModule } from '@willsoto/nestjs-prometheus';
import type { Response } from 'express';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { METRICS_PORT, MetricsServer } from './metrics-server';
import { collectProcessMetrics } from './registry';

@ApiExcludeController()
@Controller()
class MetricsController extends PrometheusController {
  @Get()
  override index(@Res({ passthrough: true }) response: Response) {
    return super.index(response);
  }
}

export interface MetricsOptions {
  /** Path of the metrics route on the app. Default `/metrics`. Ignored with `port`. */
  path?: string;
  /** Serve `/metrics` on this port alone, not on the app's (0: any free port). */
  port?: number;
}

/** Prometheus metrics at /metrics: HTTP requests by route and status, pool usage, process metrics. */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions = {}): DynamicModule {
    collectProcessMetrics();
    const ownPort = options.port !== undefined;
    return {
      module: MetricsModule,
      imports: ownPort
        ? []
        : [
            // prom-client's default metrics are registered by collectProcessMetrics, once per process.
            PrometheusModule.register({
              path: options.path ?? '/metrics',
              controller: MetricsController,
              defaultMetrics: { enabled: false },
            }),
          ],
      // HttpMetricsMiddleware is mounted by configureApp, in the request pipeline.
      providers: [
        DatabasePoolMetrics,
        HttpMetricsMiddleware,
        ...(ownPort ? [{ provide: METRICS_PORT, useValue: options.port }, MetricsServer] : []),
      ],
      exports: [HttpMetricsMiddleware, ...(ownPort ? [MetricsServer] : [])],
    };
  }
}
