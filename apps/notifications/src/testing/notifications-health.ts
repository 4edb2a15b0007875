import type { NotificationsReadiness } from '../app/health.controller';

/** GET /health/ready: the body (also on 503) and whether it was 200; undefined while not listening. */
export async function readiness(baseUrl: string): Promise<{ ready: boolean; body: NotificationsReadiness } | undefined> {
  try {
    const response = await fetch(`${baseUrl}/health/ready`);
    const body = (await response.json()) as NotificationsReadiness;
    return { ready: response.ok, body };
  } catch {
    return undefined;
  }
}

export async function waitForReadiness(baseUrl: string, predicate: (r: { ready: boolean; body: NotificationsReadiness }) => boolean, timeoutMs = 20_000): Promise<NotificationsReadiness> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await readiness(baseUrl);
    if (current && predicate(current)) return current.body;
    if (Date.now() > deadline) throw new Error(`readiness not reached in ${timeoutMs} ms (last: ${JSON.stringify(current)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
