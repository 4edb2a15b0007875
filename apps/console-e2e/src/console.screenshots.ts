import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { sleep } from './support/api';
import { chromiumAvailable, CHROMIUM, launchBrowser, type Browser } from './support/browser';
import { ensureConsoleBuilt, workspaceRoot } from './support/console-build';
import { signIn } from './support/console-page';
import { expect } from './support/expect';
import { seed, type Seeded } from './support/seed';
import { startConsoleSystem, type ConsoleSystem } from './support/system';

/**
 * `npm run console:screenshots`: docs/console/*.png, the README's pictures of each view, taken
 * from a real run (the system started, a day of orders made, a dead letter parked).
 */
jest.setTimeout(600_000);

const OUT = join(workspaceRoot, 'docs/console');

const found = chromiumAvailable();
if (!found) process.stderr.write(`SKIPPED: screenshots need Chromium at ${CHROMIUM} (apt-get install -y chromium)\n`);
(found ? describe : describe.skip)('console screenshots', () => {
  let system: ConsoleSystem;
  let data: Seeded;
  let browser: Browser;
  let busy = true;
  let traffic: Promise<void> = Promise.resolve();

  const shoot = async (page: Page, name: string) => {
    await sleep(400); // let the last poll land
    await page.screenshot({ path: join(OUT, `${name}.png`) });
  };

  beforeAll(async () => {
    await mkdir(OUT, { recursive: true });
    system = await startConsoleSystem(ensureConsoleBuilt());
    data = await seed(system.url, system.database.connectionString, system.admin);
    browser = await launchBrowser();
    // Orders keep coming while the pictures are taken: the rates and lag lines move as they would.
    traffic = (async () => {
      for (let i = 0; busy; i++) {
        // Now and then the warehouse is restocked: most orders are confirmed, some are rejected.
        if (i % 8 === 7) await data.admin.post('/inventory/items/lamp/restock', { quantity: 5 }).catch(() => undefined);
        await data.admin.post('/orders', { lines: [{ sku: 'lamp', quantity: 1 }] }).catch(() => undefined);
        await sleep(700);
      }
    })();
  });
  afterAll(async () => {
    busy = false;
    await traffic;
    await browser?.close();
    await system?.stop();
  });

  it('takes a picture of every view', async () => {
    const { page } = browser;
    // In-app navigation (as a click would), so the lag history the console gathered stays.
    const open = (path: string) =>
      page.evaluate((url) => {
        window.history.pushState({}, '', url);
        window.dispatchEvent(new PopStateEvent('popstate'));
      }, `/console${path}`);
    await page.goto(`${system.url}/console`);
    await page.getByLabel('Email').fill(system.admin.email);
    await shoot(page, 'sign-in');
    await signIn(page, system.url, system.admin);
    await sleep(30_000); // a half-minute of lag samples for the sparklines
    await shoot(page, 'overview');

    await open('/streams?category=order');
    await expect(page.getByRole('link', { name: /^order-/ })).toBeVisible();
    await shoot(page, 'streams');

    await open(`/streams/order-${data.rejected.orderId}?revision=0`);
    await expect(page.getByRole('list', { name: 'Events it caused' }).getByRole('link')).toBeVisible();
    await shoot(page, 'stream-event');

    await open('/streams/warehouse-main/state?revision=2'); // the confirmed order's reservation
    await expect(page.getByRole('heading', { name: 'State at revision 2' })).toBeVisible();
    await shoot(page, 'time-travel');

    await open('/subscriptions/orders');
    await expect(page.getByRole('list', { name: 'Parked events' }).getByRole('listitem')).toBeVisible({ timeout: 30_000 });
    await shoot(page, 'subscription');

    await open(`/sagas/${data.rejected.correlationId}`);
    await expect(page.getByTestId('saga-outcome')).toContainText('reason');
    await shoot(page, 'saga');

    await open('/tail');
    await expect(page.getByTestId('tail-events').getByRole('row')).toBeVisible({ timeout: 20_000 });
    await sleep(4_000);
    await shoot(page, 'tail');
  });
});
