import { collectDefaultMetrics, type Metric, register } from 'prom-client';

/**
 * prom-client keeps one global registry that refuses a second metric of the same
 * name; an app started twice in one process (tests, a host embedding us) reuses it.
 */
export function getOrCreate<T extends Metric>(name: string, create: (name: string) => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create(name);
}

export function collectProcessMetrics(): void {
  if (!register.getSingleMetric('process_cpu_user_seconds_total')) collectDefaultMetrics();
}
