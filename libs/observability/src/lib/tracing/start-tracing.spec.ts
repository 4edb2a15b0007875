import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startOtlpReceiver, type OtlpReceiver } from '@chronicle/testing';

const run = promisify(execFile);
const workspaceRoot = join(__dirname, '../../../../..');
const FIXTURE = join(__dirname, '../testing/export-spans.fixture.ts');

interface Ids {
  traceId: string;
  spanId: string;
}
interface FixtureOutput {
  started: boolean;
  exporting: boolean;
  root: Ids;
  child: Ids;
  linked: Ids;
}

/** Runs the fixture as its own process: the SDK patches modules and exports over real HTTP, as an app does. */
async function traceInAProcess(env: Record<string, string>): Promise<FixtureOutput> {
  const { stdout } = await run(process.execPath, ['-r', '@swc-node/register', FIXTURE], {
    cwd: workspaceRoot,
    env: { PATH: process.env['PATH'] ?? '', SWC_NODE_PROJECT: 'tsconfig.base.json', ...env },
    timeout: 30_000,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as FixtureOutput;
}

describe('startTracing, configured by the standard OTEL_* variables', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver.close());

  it.each(['http/protobuf', 'http/json'])('exports spans over OTLP %s: ids, parents, kinds, attributes, links, status and the service name', async (protocol) => {
    const out = await traceInAProcess({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_EXPORTER_OTLP_PROTOCOL: protocol, OTEL_SERVICE_NAME: `fixture-${protocol}` });
    expect(out).toMatchObject({ started: true, exporting: true });
    const spans = await receiver.waitFor((s) => s.filter((x) => x.traceId === out.root.traceId).length === 2, 10_000);
    const of = (id: Ids) => spans.find((s) => s.spanId === id.spanId);
    expect(of(out.root)).toMatchObject({
      traceId: out.root.traceId,
      name: 'root',
      kind: 2,
      service: `fixture-${protocol}`,
      attributes: { 'http.route': '/orders', retries: 3, ok: true, ratio: 0.5 },
      encoding: protocol === 'http/json' ? 'json' : 'protobuf',
    });
    expect(of(out.root)?.parentSpanId).toBeUndefined();
    expect(of(out.child)).toMatchObject({ traceId: out.root.traceId, parentSpanId: out.root.spanId, kind: 5, statusCode: 2, links: [out.linked] });
  }, 40_000);

  it('names the service after the app when OTEL_SERVICE_NAME is not set', async () => {
    const out = await traceInAProcess({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    const spans = await receiver.waitFor((s) => s.some((x) => x.spanId === out.root.spanId), 10_000);
    expect(spans.find((s) => s.spanId === out.root.spanId)?.service).toBe('export-fixture');
  }, 40_000);

  it('without an endpoint starts no SDK: nothing exported, nothing to pay', async () => {
    const before = receiver.spans().length;
    const out = await traceInAProcess({});
    expect(out).toMatchObject({ started: false, exporting: false });
    expect(out.root.traceId).toBe('00000000000000000000000000000000');
    expect(receiver.spans().length).toBe(before);
  }, 40_000);

  it('with OTEL_SDK_DISABLED=true starts nothing', async () => {
    const out = await traceInAProcess({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url });
    expect(out.started).toBe(false);
    expect(out.root.traceId).toBe('00000000000000000000000000000000');
  }, 40_000);
});
