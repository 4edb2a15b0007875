import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { AdminClient } from './admin-client';
import { CliError } from './cli-error';
import { run } from './main';
import { brief, Output } from './output';

/** A gateway stand-in on a free loopback port: records each request and answers with `handler`. */
async function gateway(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ url: string; requests: { method?: string; url?: string; authorization?: string; body: string }[]; close(): Promise<void> }> {
  const requests: { method?: string; url?: string; authorization?: string; body: string }[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const json = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
};

function capture(): { stream: NodeJS.WritableStream; text(): string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { stream, text: () => text };
}

describe('AdminClient', () => {
  it('signs in once with e-mail and password and sends the token on every call', async () => {
    const server = await gateway((req, _body, res) => (req.url === '/auth/login' ? json(res, 201, { accessToken: 'tok-1' }) : json(res, 200, { ok: req.url })));
    try {
      const client = new AdminClient({ url: `${server.url}/`, email: 'admin@example.com', password: 'secret' });
      expect(await client.get('/admin/categories')).toEqual({ ok: '/admin/categories' });
      expect(await client.post('/admin/subscriptions/x/retry')).toEqual({ ok: '/admin/subscriptions/x/retry' });
      expect(server.requests.map((r) => [r.method, r.url, r.authorization])).toEqual([
        ['POST', '/auth/login', undefined],
        ['GET', '/admin/categories', 'Bearer tok-1'],
        ['POST', '/admin/subscriptions/x/retry', 'Bearer tok-1'],
      ]);
      expect(JSON.parse(server.requests[0].body)).toEqual({ email: 'admin@example.com', password: 'secret' });
    } finally {
      await server.close();
    }
  });

  it('turns a problem+json answer into a CliError with its status, code and detail', async () => {
    const server = await gateway((_req, _body, res) => json(res, 403, { status: 403, code: 'FORBIDDEN', title: 'Forbidden', detail: 'needs the admin role' }, 'application/problem+json'));
    try {
      const failure = await new AdminClient({ url: server.url, token: 't' }).get('/admin/head').catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(CliError);
      expect(failure).toMatchObject({ message: '403 FORBIDDEN: needs the admin role', exitCode: 1 });
    } finally {
      await server.close();
    }
  });

  it('says which URL it could not reach', async () => {
    const server = await gateway((_req, _body, res) => json(res, 200, {}));
    const url = server.url;
    await server.close();
    const failure = await new AdminClient({ url, token: 't' }).get('/admin/head').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).message).toContain(`Cannot reach the gateway at ${url}`);
  });

  it('without a token or credentials is a usage error and sends nothing', async () => {
    const server = await gateway((_req, _body, res) => json(res, 200, {}));
    try {
      await expect(new AdminClient({ url: server.url }).get('/admin/head')).rejects.toMatchObject({ exitCode: 2 });
      expect(server.requests).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('chronicle (run)', () => {
  let stderr: jest.SpyInstance;
  beforeEach(() => (stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true)));
  afterEach(() => stderr.mockRestore());

  it('exits 2 on an unknown command and on a missing sign-in, 1 when the gateway refuses', async () => {
    expect(await run(['no-such-command'], {})).toBe(2);
    const server = await gateway((_req, _body, res) => json(res, 401, { status: 401, code: 'UNAUTHORIZED', detail: 'bad token' }, 'application/problem+json'));
    try {
      expect(await run(['--url', server.url, 'projections'], {})).toBe(2);
      expect(await run(['--url', server.url, '--token', 'nope', 'projections'], {})).toBe(1);
      expect(stderr.mock.calls.map((call) => String(call[0])).join('')).toContain('401 UNAUTHORIZED: bad token');
    } finally {
      await server.close();
    }
  });
});

describe('Output', () => {
  it('prints a table for people and the whole document for scripts', () => {
    const people = capture();
    new Output(false, people.stream).table({ rows: 2 }, ['name', 'lag'], [['orders', 3], ['users', null]]);
    expect(people.text()).toMatch(/name\s*│\s*lag/);
    expect(people.text()).toMatch(/orders\s*│\s*3/);
    const scripts = capture();
    new Output(true, scripts.stream).table({ rows: 2 }, ['name'], [['orders']]);
    expect(JSON.parse(scripts.text())).toEqual({ rows: 2 });
    const empty = capture();
    new Output(false, empty.stream).table([], ['name'], []);
    expect(empty.text()).toBe('(none)\n');
  });

  it('shortens long JSON for a cell', () => {
    expect(brief({ a: 1 })).toBe('{"a":1}');
    expect(brief({ text: 'x'.repeat(100) }, 20)).toHaveLength(20);
    expect(brief({ text: 'x'.repeat(100) }, 20).endsWith('…')).toBe(true);
  });
});
