import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type DestinationStream, type Level, levels } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import type { AuthenticatedRequest } from '../auth/auth.types';
import type { RequestWithId } from '../common/http/request-id.middleware';

export interface LoggingOptions {
  level: Level | 'silent';
  /** Human-readable lines (pino-pretty, a dev dependency) instead of JSON. */
  pretty?: boolean;
  /** Where the JSON lines go; stdout by default. */
  destination?: DestinationStream;
}

// Secrets never reach a log line, whatever logs the request or the response.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  'res.headers["set-auth-token"]',
];

/**
 * The request line's level: error for 5xx, warn for 4xx, info otherwise; 'silent' when
 * the configured level drops it anyway, so pino-http skips building the line (a child
 * logger and serialized bindings per request, measurable at warn under load).
 */
export function requestLogLevel(configured: Level | 'silent') {
  const threshold = configured === 'silent' ? Infinity : levels.values[configured]!;
  return (_req: unknown, res: { statusCode: number }, error?: Error): Level | 'silent' => {
    const level: Level = error || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
    return levels.values[level]! >= threshold ? level : 'silent';
  };
}

function prettyTransport(): { target: string; options: object } | undefined {
  try {
    require.resolve('pino-pretty');
    return { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l' } };
  } catch {
    return undefined; // production installs leave dev dependencies out: stay with JSON
  }
}

/** nestjs-pino: one JSON line per request (id, user, status, latency) and the app's own logs. */
@Module({})
export class LoggingModule {
  static forRoot(options: LoggingOptions): DynamicModule {
    const transport = options.pretty && !options.destination ? prettyTransport() : undefined;
    const pinoHttp: PinoHttpOptions = {
      level: options.level,
      transport,
      // The id the request-id middleware chose, so logs, problems and headers agree.
      genReqId: (req) => (req as unknown as RequestWithId).id ?? '',
      customProps: (req) => ({ userId: (req as unknown as AuthenticatedRequest).user?.id }),
      customLogLevel: requestLogLevel(options.level),
      // Lean lines: what identifies the request and its outcome (responseTime is added by pino-http).
      serializers: {
        req: (req: { id: string; method: string; url: string; remoteAddress?: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          remoteAddress: req.remoteAddress,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    };
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: options.destination ? [pinoHttp, options.destination] : pinoHttp }),
      ],
    };
  }
}
