import { expect as pwExpect } from './support/expect';
import { eventually } from './support/api';
import { chromiumAvailable, CHROMIUM, launchBrowser, type Browser } from './support/browser';
import { ensureConsoleBuilt } from './support/console-build';
import { pageWidth, signIn } from './support/console-page';
import { seed, type Seeded } from './support/seed';
import { startConsoleSystem, type ConsoleSystem } from './support/system';

jest.setTimeout(300_000);

interface DeadLetter {
  id: string;
  streamId: string;
  status: string;
}

const found = chromiumAvailable();
if (!found) process.stderr.write(`SKIPPED: the console's browser tests need Chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run does)\n`);
const describeInBrowser = found ? describe : describe.skip;

describeInBrowser('the console in a browser, against the running system', () => {
  let system: ConsoleSystem;
  let data: Seeded;
  let browser: Browser;
  const page = () => browser.page;
  const open = (path: string) => page().goto(`${system.url}/console${path}`);

  beforeAll(async () => {
    system = await startConsoleSystem(ensureConsoleBuilt());
    data = await seed(system.url, system.database.connectionString, system.admin);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  const deadLetters = (name: string) => data.admin.get<{ deadLetters: DeadLetter[] }>(`/admin/subscriptions/${name}/dead-letters`).then((r) => r.deadLetters);

  it('signs in with an admin account through the form; the session survives a reload and ends with the tab', async () => {
    await open('/');
    await page().getByLabel('Email').fill(system.admin.email);
    await page().getByLabel('Password').fill('wrong password');
    await page().getByRole('button', { name: 'Sign in' }).click();
    await pwExpect(page().getByRole('alert')).toBeVisible();
    await signIn(page(), system.url, system.admin);
    expect(await page().evaluate(() => Object.keys(sessionStorage))).toContain('chronicle.console.session');
    expect(await page().evaluate(() => Object.keys(localStorage))).toEqual([]);
    await page().reload();
    await page().getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  });

  it('overview: every service up, every projection and reaction with state, lag and sparkline, dead letters, events per second', async () => {
    await open('/');
    const services = page().getByRole('region', { name: /Services/ });
    for (const name of ['database', 'identity-command', 'identity-query', 'inventory-command', 'inventory-query', 'ordering-command', 'ordering-query']) {
      await pwExpect(services.getByText(name, { exact: true })).toBeVisible();
    }
    const table = page().getByRole('region', { name: 'Projections and reactions' });
    for (const name of ['orders', 'inventory_reactions', 'ordering_reactions']) await pwExpect(table.getByRole('link', { name, exact: true })).toBeVisible();
    await pwExpect(table.getByRole('img', { name: /orders lag in events: \d+/ })).toBeVisible();
    await pwExpect(page().getByText('Events per second').locator('..').getByText(/^\d+\.\d$/)).toBeVisible({ timeout: 15_000 });
    await pwExpect(page().getByText('Notifications parked').locator('..').getByText(/^\d+$/)).toBeVisible();
    expect(await pageWidth(page())).toBeLessThanOrEqual(1280);
  });

  it('streams: categories, streams, events; an event with its data, metadata, the events it caused and its saga', async () => {
    await open('/streams');
    await page().getByRole('link', { name: /^order/ }).first().click();
    await page().getByRole('link', { name: `order-${data.confirmed.orderId}`, exact: true }).click();
    await page().getByRole('button', { name: /#0 OrderPlaced/ }).click();
    await pwExpect(page().getByRole('heading', { name: /OrderPlaced/, level: 2 })).toBeVisible();
    await pwExpect(page().getByLabel('Event data')).toContainText(data.confirmed.orderId);
    await pwExpect(page().getByLabel('Event metadata')).toBeVisible();
    await pwExpect(page().getByRole('link', { name: `Saga ${data.confirmed.correlationId}` })).toBeVisible();
    await page().getByRole('list', { name: 'Events it caused' }).getByRole('link', { name: /StockReserved/ }).click();
    await pwExpect(page().getByRole('heading', { name: /StockReserved/, level: 2 })).toBeVisible();
    await pwExpect(page().getByText(/OrderPlaced \(order-/)).toBeVisible(); // its cause
    await page().getByRole('link', { name: `Saga ${data.confirmed.correlationId}` }).click();
    await pwExpect(page().getByTestId('saga-outcome')).toContainText('OrderConfirmed');
    expect(await pageWidth(page())).toBeLessThanOrEqual(1280);
  });

  it('time travel: the slider goes to revision 0 and back to the latest, showing the state and what the event changed', async () => {
    const latest = await data.admin.get<{ revision: string }>('/admin/streams/warehouse-main/state');
    await open('/streams/warehouse-main/state');
    const slider = page().getByRole('slider', { name: /Revision/ });
    await pwExpect(page().getByText(`Revision ${latest.revision} of ${latest.revision}`)).toBeVisible();
    await slider.focus();
    await page().keyboard.press('Home');
    await pwExpect(page().getByText(`Revision 0 of ${latest.revision}`)).toBeVisible();
    await pwExpect(page().getByRole('table', { name: 'What the event changed' })).toContainText('added');
    await pwExpect(page().getByRole('heading', { name: 'State at revision 0' })).toBeVisible();
    expect(page().url()).toContain('revision=0');
    await page().keyboard.press('End');
    await pwExpect(page().getByText(`Revision ${latest.revision} of ${latest.revision}`)).toBeVisible();
    await pwExpect(page().getByRole('heading', { name: `State at revision ${latest.revision}` })).toBeVisible();
    await page().reload(); // a deep link to a revision
    await pwExpect(page().getByRole('heading', { name: `State at revision ${latest.revision}` })).toBeVisible();
    expect(await pageWidth(page())).toBeLessThanOrEqual(1280);
  });

  it("sagas: an order's saga found by its id, as swimlanes with arrows, and why it was rejected", async () => {
    await open('/sagas');
    await pwExpect(page().getByRole('region', { name: 'Stuck sagas' })).toContainText('None: every order settled.');
    await page().getByLabel('Order id or correlation id').fill(data.rejected.orderId);
    await page().getByRole('button', { name: 'Find saga' }).click();
    await page().waitForURL(`**/console/sagas/${data.rejected.correlationId}`);
    await pwExpect(page().getByTestId('saga-outcome')).toContainText('OrderRejected');
    await pwExpect(page().getByTestId('saga-outcome')).toContainText('reason:');
    expect(await page().getByTestId('saga-lane').allTextContents()).toEqual(['order', 'warehouse']);
    expect(await page().getByTestId('saga-edge').count()).toBe(2);
    expect(await pageWidth(page())).toBeLessThanOrEqual(1280);
  });

  it('dead letters: one whose cause was fixed is retried and goes; a poison one is skipped and goes', async () => {
    const parkedStream = `order-${data.parked.orderId}`;
    const poisonStream = `order-${data.poison.orderId}`;
    await eventually('both dead letters in orders', async () => {
      const letters = await deadLetters('orders');
      return letters.some((l) => l.streamId === parkedStream && l.status === 'failed') && letters.some((l) => l.streamId === poisonStream) ? letters : undefined;
    });
    await open('/subscriptions/orders');
    const letters = page().getByRole('list', { name: 'Parked events' });
    await pwExpect(letters.getByText(parkedStream, { exact: false })).toBeVisible();
    await data.parked.fix(); // the operator removes the stray row that held the order's id
    await page().getByRole('button', { name: `Retry OrderPlaced of ${parkedStream}` }).click();
    await pwExpect(letters.getByText(parkedStream, { exact: false })).toHaveCount(0);
    await pwExpect(page().getByRole('status').filter({ hasText: 'Done' })).toContainText('"stillParked":0');
    expect((await deadLetters('orders')).some((l) => l.streamId === parkedStream)).toBe(false);
    await page().getByRole('button', { name: `Skip OrderPlaced of ${poisonStream}` }).click();
    await pwExpect(letters.getByText(poisonStream, { exact: false })).toHaveCount(0);
  });

  it('rebuild: started from the console and followed to the end', async () => {
    await open('/subscriptions/orders');
    await page().getByRole('button', { name: 'Rebuild orders' }).click();
    const progress = page().getByTestId('rebuild-progress');
    await pwExpect(progress).toBeVisible();
    await pwExpect(page().getByRole('region', { name: 'Rebuild' }).getByText('done', { exact: true })).toBeVisible({ timeout: 60_000 });
    await pwExpect(progress).toContainText('(100%)');
  });

  it('reset: the dry run shows its effects and counts; nothing happens until it is explicitly confirmed', async () => {
    const subscription = await data.admin.get<{ partitions: Array<{ position: string }> }>('/admin/subscriptions/inventory_reactions');
    const head = subscription.partitions.map((p) => BigInt(p.position)).reduce((a, b) => (a > b ? a : b), 0n);
    await open('/subscriptions/inventory_reactions');
    const reset = page().getByRole('region', { name: 'Reset' });
    await reset.getByLabel('Reset to position').fill(head.toString());
    await reset.getByRole('button', { name: 'Preview reset' }).click();
    await pwExpect(reset.getByRole('alert')).toContainText('Dry run: nothing has changed yet');
    await pwExpect(reset.getByRole('alert')).toContainText('events delivered again');
    const confirm = reset.getByRole('button', { name: 'Reset inventory_reactions' });
    await pwExpect(confirm).toBeDisabled();
    await reset.getByLabel(/I have read the effects above/).check();
    await confirm.click();
    await pwExpect(reset.getByRole('status')).toContainText(`Reset to ${head} done`);
  });

  it('live tail: events appear as they are written; paused, they wait', async () => {
    await open('/tail?category=order');
    await pwExpect(page().getByText('Feed: live')).toBeVisible();
    const customerOrder = () => data.admin.post<{ orderId: string }>('/orders', { lines: [{ sku: 'lamp', quantity: 1 }] });
    const first = await customerOrder();
    await pwExpect(page().getByTestId('tail-events').getByRole('link', { name: new RegExp(`order-${first.orderId} #0`) })).toBeVisible();
    await page().getByRole('button', { name: 'Pause' }).click();
    const second = await customerOrder();
    await pwExpect(page().getByText(/new events held while paused/)).toBeVisible();
    await pwExpect(page().getByTestId('tail-events').getByRole('link', { name: new RegExp(`order-${second.orderId}`) })).toHaveCount(0);
    await page().getByRole('button', { name: 'Resume' }).click();
    await pwExpect(page().getByTestId('tail-events').getByRole('link', { name: new RegExp(`order-${second.orderId} #0`) })).toBeVisible();
  });

  it('live tail of every category: one connection carries the order and the stock it reserved', async () => {
    await open('/tail');
    await pwExpect(page().getByText('Feed: live')).toBeVisible();
    const { orderId } = await data.admin.post<{ orderId: string }>('/orders', { lines: [{ sku: 'lamp', quantity: 1 }] });
    const events = page().getByTestId('tail-events');
    await pwExpect(events.getByRole('link', { name: new RegExp(`order-${orderId} #0`) })).toBeVisible();
    await pwExpect(events.getByRole('rowheader', { name: 'StockReserved' }).first()).toBeVisible();
    const streams = await events.getByRole('link').allTextContents();
    expect(new Set(streams.map((name) => name.split('-')[0])).size).toBeGreaterThan(1);
  });

  it('every view has its own URL: a deep link opens it, the keyboard reaches the navigation, assets are cached for long', async () => {
    await open(`/sagas/${data.confirmed.correlationId}`);
    await pwExpect(page().getByTestId('saga-outcome')).toContainText('OrderConfirmed');
    await page().getByRole('link', { name: 'Live tail' }).focus();
    await page().keyboard.press('Enter');
    await page().waitForURL('**/console/tail');
    const index = await fetch(`${system.url}/console/streams/order-1/state`);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const asset = /src="(\/console\/assets\/[^"]+\.js)"/.exec(await index.text())?.[1];
    expect(asset).toBeDefined();
    expect((await fetch(`${system.url}${asset}`)).headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('a token the gateway refuses (expired, revoked) ends the session: back to the sign-in form, nothing kept', async () => {
    await open('/tail');
    await pwExpect(page().getByText('Feed: live')).toBeVisible();
    await page().evaluate(() => {
      const key = 'chronicle.console.session';
      const session = JSON.parse(sessionStorage.getItem(key) ?? '{}') as Record<string, unknown>;
      sessionStorage.setItem(key, JSON.stringify({ ...session, token: 'not-a-valid-token' }));
    });
    await page().getByRole('link', { name: 'Overview' }).click();
    await pwExpect(page().getByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(await page().evaluate(() => sessionStorage.getItem('chronicle.console.session'))).toBeNull();
    await signIn(page(), system.url, system.admin);
  });
});
