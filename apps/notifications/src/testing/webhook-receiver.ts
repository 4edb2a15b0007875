import { createServer, type IncomingHttpHeaders } from 'node:http';
import { findFreePort } from '@chronicle/testing';

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: { text?: string };
}

export interface WebhookReceiver {
  readonly url: string;
  readonly received: ReceivedWebhook[];
  /** Answer with this status (default 200), or per request body; accepted requests are the 2xx ones. */
  respondWith(status: number | ((body: ReceivedWebhook['body']) => number)): void;
  waitForCount(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A Slack-compatible incoming webhook on loopback that records what it accepted. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const port = await findFreePort();
  const received: ReceivedWebhook[] = [];
  let answer: number | ((body: ReceivedWebhook['body']) => number) = 200;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as ReceivedWebhook['body'];
      const status = typeof answer === 'number' ? answer : answer(body);
      if (status >= 200 && status < 300) received.push({ headers: request.headers, body });
      response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/secret`,
    received,
    respondWith: (a) => (answer = a),
    async waitForCount(count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} webhooks, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
