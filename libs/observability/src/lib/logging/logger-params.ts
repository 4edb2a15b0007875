import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { stdTimeFunctions, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { logContext } from './log-context';
import type { LoggingConfig } from './logging.config';

/** Probes and scrapes are not worth a line each. */
const OPS_PATHS = /^\/(health\/|metrics\b)/;

/**
 * nestjs-pino settings: JSON lines with the service, trace and span ids and the correlation id on
 * each (pretty for people), and one line per finished HTTP request (probes and scrapes aside)
 * that names method, URL and status only: headers can hold credentials.
 */
export function loggerParams(service: string, config: LoggingConfig): Params {
  const options: LoggerOptions = {
    level: config.level,
    base: { service },
    mixin: logContext,
    timestamp: stdTimeFunctions.isoTime,
    ...(config.format === 'json' ? { formatters: { level: (label: string) => ({ level: label }) } } : {}),
  };
  const http = {
    ...options,
    autoLogging: { ignore: (req: IncomingMessage) => OPS_PATHS.test(req.url ?? '') },
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, error?: Error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, url: req.url }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
    },
  } as const;
  if (config.format === 'json') return { pinoHttp: http };
  // Colours as the terminal (or FORCE_COLOR, which `npm start` passes its apps) allows.
  const stream = pretty({ sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,service,req,res' });
  return { pinoHttp: [http, stream] };
}
