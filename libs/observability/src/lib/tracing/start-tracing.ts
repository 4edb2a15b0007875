import type { IncomingMessage } from 'node:http';
import { ProxyTracerProvider, trace } from '@opentelemetry/api';
import { ExpressInstrumentation, ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { tracingConfigFrom, type TracingConfig } from './tracing.config';

/** What startTracing did. */
export interface TracingHandle {
  readonly config: TracingConfig;
  readonly started: boolean;
  /** Exports what is still buffered (an app's shutdown: the last spans are not lost). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/** Probes and scrapes are no story worth a trace, and would drown the others. */
const OPS_PATHS = /^\/(health\/|metrics\b)/;

let current: TracingHandle | undefined;

function instrumentations() {
  return [
    new HttpInstrumentation({ ignoreIncomingRequestHook: (request: IncomingMessage) => OPS_PATHS.test(request.url ?? '') }),
    // Only the route name on the request's span: a span per Nest middleware layer costs more than it tells.
    new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER, ExpressLayerType.REQUEST_HANDLER] }),
    // Queries of a traced operation only: pollers, leases and NOTIFY listeners would each start a trace of their own.
    new PgInstrumentation({ requireParentSpan: true, ignoreConnectSpans: true }),
  ];
}

/**
 * Starts the OpenTelemetry Node SDK for this process, configured by the standard variables
 * (OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_TRACES_SAMPLER, OTEL_SDK_DISABLED,
 * OTEL_SERVICE_NAME, defaulting to `serviceName`). Call it before Nest, express or pg are loaded
 * (first import of main.ts) so the instrumentations can patch them.
 *
 * Without an endpoint (or OTEL_TRACES_EXPORTER) the SDK is not started at all: nothing is
 * exported and nothing is patched. Measured (bench:orders, docs/decisions.md #10), an SDK that
 * only propagates unsampled context still cost about a fifth more CPU per order.
 */
export function startTracing(serviceName: string, env: Record<string, string | undefined> = process.env): TracingHandle {
  if (current) return current;
  const config = tracingConfigFrom(serviceName, env);
  if (config.disabled || !config.exporting) {
    current = { config, started: false, flush: async () => undefined, shutdown: async () => undefined };
    return current;
  }
  const sdk = new NodeSDK({
    serviceName: config.serviceName,
    instrumentations: instrumentations(),
    // Metrics are Prometheus (prom-client, /metrics) and logs go to stdout: the SDK only traces.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  current = { config, started: true, flush: flushSpans, shutdown: () => sdk.shutdown() };
  return current;
}

async function flushSpans(): Promise<void> {
  const provider = trace.getTracerProvider();
  const delegate = (provider instanceof ProxyTracerProvider ? provider.getDelegate() : provider) as { forceFlush?: () => Promise<void> };
  await delegate.forceFlush?.();
}

/** The tracing this process started, if any. */
export function currentTracing(): TracingHandle | undefined {
  return current;
}
