/** Fast timings so an outage and a recovery fit in a test. */
export const TEST_TIMINGS = {
  NOTIFICATIONS_POLL_INTERVAL_MS: '50',
  NOTIFICATIONS_LEASE_INTERVAL_MS: '100',
  NOTIFICATIONS_BREAKER_HALF_OPEN_MS: '300',
  NOTIFICATIONS_BREAKER_THRESHOLD: '3',
  NOTIFICATIONS_RETRY_BASE_MS: '20',
  NOTIFICATIONS_RETRY_MAX_MS: '200',
  NOTIFICATIONS_SEND_TIMEOUT_MS: '3000',
  NOTIFICATIONS_MAX_ATTEMPTS: '3',
} as const;

export const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it holds. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms: ${check.toString()}`);
    await settle(25);
  }
}
