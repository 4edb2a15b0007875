import { Injectable } from '@nestjs/common';
import { MetricsRegistry } from '@chronicle/observability';
import type { NextFunction, Request, Response } from 'express';
import { Histogram } from 'prom-client';

/** The gateway's HTTP metrics, on the app's registry (its own, so several apps in one process never clash). */
@Injectable()
export class GatewayMetrics {
  private readonly requestDuration: Histogram<'method' | 'route' | 'status'>;

  constructor(readonly metrics: MetricsRegistry) {
    this.requestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP requests by method, route and status',
      labelNames: ['method', 'route', 'status'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [metrics.registry],
    });
  }

  /** Express middleware: times every request; the route pattern (not the raw path) keeps label cardinality low. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const end = this.requestDuration.startTimer();
    res.on('finish', () => {
      const route = (req.route as { path?: string } | undefined)?.path ?? (req.path === '/graphql' ? '/graphql' : 'unmatched');
      end({ method: req.method, route: `${req.baseUrl ?? ''}${route}`, status: String(res.statusCode) });
    });
    next();
  };
}
