import type { Locator } from 'playwright-core';

/**
 * The few web-first assertions these tests use: each retries until it holds or its time is up, as
 * @playwright/test's do (that package is not used: it brings its own browsers).
 */
const DEFAULT_TIMEOUT_MS = 15_000;

async function until(what: string, check: () => Promise<boolean>, describe: () => Promise<string>, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`expected ${what}, but ${await describe().catch((error: unknown) => String(error))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const text = async (locator: Locator) => (await locator.allTextContents()).join(' | ') || '(nothing)';

export function expect(locator: Locator) {
  return {
    toBeVisible: (options: { timeout?: number } = {}) =>
      until(`${locator} to be visible`, () => locator.first().isVisible(), async () => `${await locator.count()} matched, none visible`, options.timeout),
    toContainText: (expected: string, options: { timeout?: number } = {}) =>
      until(`${locator} to contain "${expected}"`, async () => (await locator.allTextContents()).some((t) => t.includes(expected)), async () => `it said ${await text(locator)}`, options.timeout),
    toHaveCount: (count: number, options: { timeout?: number } = {}) =>
      until(`${count} of ${locator}`, async () => (await locator.count()) === count, async () => `there were ${await locator.count()}`, options.timeout),
    toBeDisabled: (options: { timeout?: number } = {}) =>
      until(`${locator} to be disabled`, () => locator.isDisabled(), async () => 'it was enabled', options.timeout),
  };
}
