import { Controller, type DynamicModule, Get, Inject, Module, NotFoundException, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { PrometheusController, PrometheusModule } from '@willsoto/nestjs-prometheus';
import { DatabasePoolMetrics } from './database-pool.metrics';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { ReplicaMetrics } from './replica.metrics';
import { optionsModule, type AsyncModuleOptions } from '../../common/async-options';
import { MetricsServer } from './metrics-server';
import { collectProcessMetrics } from './registry';

export interface MetricsOptions {
  /** Path of the metrics route on the app. Default `/metrics`. Ignored with `port`. */
  path?: string;
  /** Serve `/metrics` on this port alone, not on the app's (0: any free port). */
  port?: number;
}

const METRICS_OPTIONS = Symbol('METRICS_OPTIONS');

@ApiExcludeController()
@Controller()
class MetricsController extends PrometheusController {
  @Inject(METRICS_OPTIONS) private readonly options!: MetricsOptions;

  @Get()
  override index(@Res({ passthrough: true }) response: unknown) {
    // With a port of its own, the app's port has no metrics route: the same 404 as any unknown path.
    if (this.options.port !== undefined) throw new NotFoundException(`Cannot GET ${this.options.path ?? '/metrics'}`);
    return super.index(response);
  }
}

/** Holds the options and what is made from them, for MetricsModule and PrometheusModule both. */
@Module({})
class MetricsSettings {}

/** Prometheus metrics at /metrics: HTTP requests by route and status, pool usage, process metrics. */
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions = {}): DynamicModule {
    return MetricsModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: AsyncModuleOptions<MetricsOptions>): DynamicModule {
    const settings = optionsModule(MetricsSettings, METRICS_OPTIONS, options, [
      {
        provide: MetricsServer,
        inject: [METRICS_OPTIONS],
        useFactory: ({ port }: MetricsOptions) => (port === undefined ? null : new MetricsServer(port)),
      },
    ]);
    return {
      module: MetricsModule,
      imports: [
        settings,
        // prom-client's default metrics are registered by collectProcessMetrics, once per process.
        PrometheusModule.registerAsync({
          imports: [settings],
          inject: [METRICS_OPTIONS],
          useFactory: ({ path }: MetricsOptions) => {
            collectProcessMetrics();
            return { path: path ?? '/metrics', defaultMetrics: { enabled: false }, controller: MetricsController };
          },
          controller: MetricsController,
        }),
      ],
      // HttpMetricsMiddleware is mounted by configureApp, in the request pipeline.
      providers: [DatabasePoolMetrics, ReplicaMetrics, HttpMetricsMiddleware],
      exports: [HttpMetricsMiddleware, ReplicaMetrics, settings],
    };
  }
}
