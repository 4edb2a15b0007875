/**
 * A process that traces like an app does (startTracing, configured by the OTEL_* variables it
 * is given), makes a small tree of spans, flushes, and prints their ids as one JSON line.
 */
import { startTracing } from '../tracing/start-tracing';

const tracing = startTracing('export-fixture');

async function main(): Promise<void> {
  const { context, SpanKind, SpanStatusCode, trace } = await import('@opentelemetry/api');
  const tracer = trace.getTracer('fixture');
  const linked = tracer.startSpan('linked');
  linked.end();
  const root = tracer.startSpan('root', { kind: SpanKind.SERVER, attributes: { 'http.route': '/orders', retries: 3, ok: true, ratio: 0.5 } });
  const child = tracer.startSpan('child', { kind: SpanKind.CONSUMER, links: [{ context: linked.spanContext() }] }, trace.setSpan(context.active(), root));
  child.setStatus({ code: SpanStatusCode.ERROR });
  child.end();
  root.end();
  await tracing.shutdown();
  const ids = (span: typeof root) => ({ traceId: span.spanContext().traceId, spanId: span.spanContext().spanId });
  process.stdout.write(`${JSON.stringify({ started: tracing.started, exporting: tracing.config.exporting, root: ids(root), child: ids(child), linked: ids(linked) })}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
