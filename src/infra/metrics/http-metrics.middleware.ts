import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { routePattern, type Next, type NodeRequest, type NodeResponse } from '../../common/node-http';
import { getOrCreate } from './registry';

const labelNames = ['method', 'route', 'status'] as const;
// Nest answers unknown routes from a catch-all route with this pattern.
const NEST_NOT_FOUND_ROUTE = '{/*splat}';

/** Counts requests and times them by route pattern (never the raw URL: ids would explode the series). */
@Injectable()
export class HttpMetricsMiddleware {
  private readonly duration = getOrCreate(
    'http_request_duration_seconds',
    (name) =>
      new Histogram({
        name,
        help: 'Time to answer HTTP requests, by method, route pattern and status',
        labelNames,
        buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      }),
  );

  constructor() {
    // The histogram already counts every request (its _count): the counter is copied from
    // it at scrape time instead of being updated a second time on every request.
    const duration = this.duration;
    getOrCreate(
      'http_requests_total',
      (name) =>
        new Counter({
          name,
          help: 'HTTP requests answered, by method, route pattern and status',
          labelNames,
          async collect() {
            this.reset();
            for (const sample of (await duration.get()).values) {
              if (sample.metricName === 'http_request_duration_seconds_count') this.inc(sample.labels, sample.value);
            }
          },
        }),
    );
  }

  /** `routeOf` names the routes Nest's router does not serve (Better Auth's); the rest are `unmatched`. */
  middleware(routeOf: (request: NodeRequest) => string | undefined = () => undefined) {
    return (request: NodeRequest, response: NodeResponse, next: Next): void => {
      const stop = this.duration.startTimer();
      response.once('finish', () => {
        const matched = routePattern(request);
        const route = !matched || matched === NEST_NOT_FOUND_ROUTE ? (routeOf(request) ?? 'unmatched') : matched;
        stop({ method: request.method, route, status: String(response.statusCode) });
      });
      next();
    };
  }
}
