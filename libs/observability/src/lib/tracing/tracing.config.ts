import { z } from 'zod';

const flag = z
  .string()
  .optional()
  .transform((value) => value?.trim().toLowerCase() === 'true');
const text = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/**
 * The standard OpenTelemetry variables that decide whether and how this process traces. The SDK
 * reads them itself (protocol, sampler, batch settings...); these are the ones we decide on
 * before handing over: an exporter only when an endpoint (or an exporter) is named.
 */
const schema = z.object({
  OTEL_SDK_DISABLED: flag,
  OTEL_SERVICE_NAME: text,
  OTEL_EXPORTER_OTLP_ENDPOINT: text,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: text,
  OTEL_TRACES_EXPORTER: text,
  OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json', 'grpc']).optional(),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: z.enum(['http/protobuf', 'http/json', 'grpc']).optional(),
});

export interface TracingConfig {
  /** OTEL_SDK_DISABLED=true: no SDK at all, not even context propagation. */
  disabled: boolean;
  serviceName: string;
  /** An endpoint or an exporter was named: spans are sampled (OTEL_TRACES_SAMPLER) and exported. */
  exporting: boolean;
}

export function tracingConfigFrom(serviceName: string, env: Record<string, string | undefined>): TracingConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new Error(`Invalid ${serviceName} tracing configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  const e = parsed.data;
  const exporter = e.OTEL_TRACES_EXPORTER;
  return {
    disabled: e.OTEL_SDK_DISABLED,
    serviceName: e.OTEL_SERVICE_NAME ?? serviceName,
    exporting: (exporter !== undefined && exporter !== 'none') || e.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined || e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT !== undefined,
  };
}
