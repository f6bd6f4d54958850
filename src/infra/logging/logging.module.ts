import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type DestinationStream, type Level, type Logger, pino } from 'pino';
import { optionsModule, type AsyncModuleOptions } from '../../common/async-options';
import { RequestLog } from './request-log.middleware';

export interface LoggingOptions {
  level: Level | 'silent';
  /** Human-readable lines (pino-pretty, a dev dependency) instead of JSON. */
  pretty?: boolean;
  /** Where the JSON lines go; stdout by default. */
  destination?: DestinationStream;
}

// Secrets never reach a log line, whatever logs a request's headers or a response's.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'res.headers["set-auth-token"]',
];

function prettyTransport(): { target: string; options: object } | undefined {
  try {
    require.resolve('pino-pretty');
    return { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } };
  } catch {
    return undefined; // production installs leave dev dependencies out: stay with JSON
  }
}

const LOGGING_OPTIONS = Symbol('LOGGING_OPTIONS');
const PINO = Symbol('PINO');

function createLogger(options: LoggingOptions): Logger {
  const transport = options.pretty && !options.destination ? prettyTransport() : undefined;
  const settings = { level: options.level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return options.destination ? pino(settings, options.destination) : pino({ ...settings, transport });
}

/** Holds the options and the logger made from them, for LoggingModule and nestjs-pino both. */
@Module({})
class LoggingSettings {}

/**
 * One pino logger for the app's own logs (nestjs-pino's Nest `Logger`) and for one JSON
 * line per request (id, user, status, latency), which `configureApp` mounts before any
 * other middleware, so Better Auth's routes and bodies that fail to parse are logged too.
 */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    return LoggingModule.forRootAsync({ useFactory: () => options });
  }

  static forRootAsync(options: AsyncModuleOptions<LoggingOptions>): DynamicModule {
    const settings = optionsModule(LoggingSettings, LOGGING_OPTIONS, options, [
      { provide: PINO, inject: [LOGGING_OPTIONS], useFactory: createLogger },
    ]);
    return {
      module: LoggingModule,
      imports: [
        settings,
        // nestjs-pino for the Nest Logger only: no routes, so none of its per-request
        // middleware (see request-log.middleware.ts for why).
        LoggerModule.forRootAsync({
          imports: [settings],
          inject: [PINO],
          useFactory: (logger: Logger) => ({ pinoHttp: { logger }, forRoutes: [] }),
        }),
      ],
      providers: [{ provide: RequestLog, inject: [PINO], useFactory: (logger: Logger) => new RequestLog(logger) }],
      exports: [RequestLog],
    };
  }
}
