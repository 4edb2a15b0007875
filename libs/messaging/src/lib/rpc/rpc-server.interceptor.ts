import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { context as otelContext, SpanKind, trace } from '@opentelemetry/api';
import { extractTraceContext, markFailed, withCorrelationId } from '@chronicle/observability';
import { Observable } from 'rxjs';
import { v7 as uuidv7 } from 'uuid';
import { toRpcError, type RpcErrorPayload } from '../rpc-error';
import type { RpcMetrics } from './rpc-metrics';
import { takeTraceContext } from './rpc-trace-context';

const tracer = () => trace.getTracer('@chronicle/messaging');

/** The message pattern a handler answers (as @MessagePattern registered it). */
function patternOf(context: ExecutionContext): string {
  const patterns = Reflect.getMetadata(PATTERN_METADATA, context.getHandler()) as unknown;
  const pattern = Array.isArray(patterns) ? patterns[0] : patterns;
  return typeof pattern === 'string' ? pattern : JSON.stringify(pattern ?? context.getHandler().name);
}

const codeOf = (error: unknown): string =>
  (error instanceof RpcException ? (error.getError() as RpcErrorPayload | undefined)?.code : undefined) ?? toRpcError(error).code;

/**
 * Every message a service handles: continues the caller's trace (the payload's trace context,
 * taken out before validation) in a SERVER span named after the pattern, runs the handler with
 * the message's correlation id as the current one (logs, appended events), and measures it.
 */
@Injectable()
export class RpcServerInterceptor implements NestInterceptor {
  constructor(private readonly metrics: RpcMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const data = context.switchToRpc().getData<unknown>();
    const parent = extractTraceContext(takeTraceContext(data));
    const given = (data as { correlationId?: unknown } | null)?.correlationId;
    const correlationId = typeof given === 'string' && given.length > 0 && given.length <= 128 ? given : uuidv7();
    const pattern = patternOf(context);
    return new Observable((subscriber) => {
      const started = performance.now();
      const span = tracer().startSpan(pattern, { kind: SpanKind.SERVER, attributes: { 'rpc.system': 'nestjs', 'rpc.method': pattern } }, parent);
      const finish = (outcome: string): void => {
        this.metrics.observe(pattern, outcome, (performance.now() - started) / 1000);
        span.setAttribute('chronicle.rpc.outcome', outcome);
        span.end();
      };
      const subscription = otelContext.with(trace.setSpan(parent, span), () =>
        withCorrelationId(correlationId, () =>
          next.handle().subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => {
              const code = codeOf(error);
              // A refusal (validation, not found, conflict) is the caller's business; only our failures mark the span.
              if (code === 'INTERNAL' || code === 'DATABASE_UNAVAILABLE') markFailed(span, error);
              finish(code);
              subscriber.error(error);
            },
            complete: () => {
              finish('ok');
              subscriber.complete();
            },
          }),
        ),
      );
      return () => subscription.unsubscribe();
    });
  }
}
