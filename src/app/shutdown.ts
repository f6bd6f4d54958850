import type { INestApplication, LoggerService } from '@nestjs/common';
import type { Server } from 'node:http';
import { trackConnections, type ConnectionDrain } from './connection-drain';

export interface GracefulShutdownOptions {
  /** Past this the process exits 1, whatever is still running. */
  timeoutMs: number;
  logger: LoggerService;
  exit?: (code: number) => void;
}

/**
 * SIGTERM/SIGINT: stop accepting connections, let in-flight requests finish,
 * then close the app (and with it the database), and exit 0. Nest's own
 * shutdown hooks would close the pool while requests still run and re-raise
 * the signal, so the process would not exit 0.
 */
export function enableGracefulShutdown(app: INestApplication, options: GracefulShutdownOptions): () => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const connections = trackConnections(app.getHttpServer() as Server);
  let draining: Promise<void> | undefined;

  const shutdown = () => {
    draining ??= drain(app, connections, options).then(
      () => exit(0),
      (error: unknown) => {
        options.logger.error(`Shutdown failed: ${error instanceof Error ? error.message : String(error)}`);
        exit(1);
      },
    );
    return draining;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      options.logger.log(`${signal} received: draining in-flight requests`);
      void shutdown();
    });
  }
  return shutdown;
}

async function drain(app: INestApplication, connections: ConnectionDrain, options: GracefulShutdownOptions): Promise<void> {
  const deadline = setTimeout(() => {
    options.logger.error(`In-flight requests still running after ${options.timeoutMs} ms: exiting anyway`);
    (options.exit ?? process.exit)(1);
  }, options.timeoutMs);
  deadline.unref();

  await connections.drain();
  await app.close();
  clearTimeout(deadline);
}
