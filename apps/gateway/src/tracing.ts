import { startTracing } from '@chronicle/observability';

/** Imported first by main.ts: tracing starts before Nest, express and pg are loaded; a client's traceparent is continued. */
startTracing('gateway');
