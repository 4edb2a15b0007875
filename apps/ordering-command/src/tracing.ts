import { startTracing } from '@chronicle/observability';

/** Imported first by main.ts: tracing starts before Nest, express and pg are loaded. */
startTracing('ordering-command');
