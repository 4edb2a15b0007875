import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { decodeOtlpProtobuf } from './otlp-trace-schema';

export type SpanAttribute = string | number | boolean | SpanAttribute[];

/** A span as a test reads it, whatever encoding it arrived in. */
export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  /** Absent on a root span. */
  parentSpanId?: string;
  name: string;
  /** OTLP SpanKind: 1 internal, 2 server, 3 client, 4 producer, 5 consumer. */
  kind: number;
  /** service.name of the resource that sent it. */
  service: string;
  attributes: Record<string, SpanAttribute>;
  links: Array<{ traceId: string; spanId: string }>;
  /** 2 = error. */
  statusCode: number;
  /** How it arrived. */
  encoding: 'json' | 'protobuf';
}

export interface OtlpReceiver {
  /** The base URL for OTEL_EXPORTER_OTLP_ENDPOINT (spans are POSTed to `<url>/v1/traces`). */
  readonly url: string;
  spans(): ReceivedSpan[];
  /** Resolves with the spans once `done(spans)` holds; rejects with what arrived after `timeoutMs`. */
  waitFor(done: (spans: ReceivedSpan[]) => boolean, timeoutMs: number): Promise<ReceivedSpan[]>;
  close(): Promise<void>;
}

interface JsonValue {
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string | number;
  doubleValue?: number;
  arrayValue?: { values?: JsonValue[] };
}
interface JsonKeyValue {
  key: string;
  value?: JsonValue;
}
interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  attributes?: JsonKeyValue[];
  links?: Array<{ traceId: string; spanId: string }>;
  status?: { code?: number };
}
interface ExportRequest {
  resourceSpans?: Array<{ resource?: { attributes?: JsonKeyValue[] }; scopeSpans?: Array<{ spans?: JsonSpan[] }> }>;
}

function valueOf(value: JsonValue | undefined): SpanAttribute {
  if (!value) return '';
  if (value.stringValue !== undefined) return value.stringValue;
  if (value.boolValue !== undefined) return value.boolValue;
  if (value.intValue !== undefined) return Number(value.intValue);
  if (value.doubleValue !== undefined) return value.doubleValue;
  return (value.arrayValue?.values ?? []).map(valueOf);
}

const attributesOf = (list: JsonKeyValue[] | undefined): Record<string, SpanAttribute> => Object.fromEntries((list ?? []).map((kv) => [kv.key, valueOf(kv.value)]));

function toSpans(request: ExportRequest, encoding: ReceivedSpan['encoding']): ReceivedSpan[] {
  // OTLP/JSON carries ids as hex; protobufjs hands bytes over as base64.
  const id = (value: string | undefined): string | undefined =>
    !value ? undefined : encoding === 'json' ? value.toLowerCase() : Buffer.from(value, 'base64').toString('hex');
  return (request.resourceSpans ?? []).flatMap((resourceSpans) => {
    const service = String(attributesOf(resourceSpans.resource?.attributes)['service.name'] ?? '');
    return (resourceSpans.scopeSpans ?? []).flatMap((scope) =>
      (scope.spans ?? []).map((span) => ({
        traceId: id(span.traceId) ?? '',
        spanId: id(span.spanId) ?? '',
        ...(id(span.parentSpanId) ? { parentSpanId: id(span.parentSpanId) } : {}),
        name: span.name,
        kind: span.kind ?? 0,
        service,
        attributes: attributesOf(span.attributes),
        links: (span.links ?? []).map((link) => ({ traceId: id(link.traceId) ?? '', spanId: id(link.spanId) ?? '' })),
        statusCode: span.status?.code ?? 0,
        encoding,
      })),
    );
  });
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
}

/**
 * An OTLP/HTTP trace receiver on a free loopback port: accepts POST /v1/traces in JSON
 * (application/json) and protobuf (application/x-protobuf), as an OpenTelemetry collector or
 * Jaeger would, and keeps every span for the test to look at.
 */
export async function startOtlpReceiver(): Promise<OtlpReceiver> {
  const received: ReceivedSpan[] = [];
  const waiters = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      if (req.method !== 'POST' || req.url?.split('?')[0] !== '/v1/traces') {
        res.writeHead(404).end();
        return;
      }
      const body = await bodyOf(req);
      const json = (req.headers['content-type'] ?? '').includes('json');
      const request = (json ? JSON.parse(body.toString('utf8')) : decodeOtlpProtobuf(body)) as ExportRequest;
      received.push(...toSpans(request, json ? 'json' : 'protobuf'));
      for (const wake of waiters) wake();
      // An empty ExportTraceServiceResponse: `{}` in JSON, no bytes in protobuf.
      res.writeHead(200, { 'content-type': json ? 'application/json' : 'application/x-protobuf' }).end(json ? '{}' : undefined);
    })().catch((error: unknown) => res.writeHead(400).end(String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans: () => [...received],
    waitFor(done, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (!done(received)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve([...received]);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`the spans expected did not arrive within ${timeoutMs} ms; ${received.length} arrived:\n${received.map((s) => `${s.service} ${s.name}`).join('\n')}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
