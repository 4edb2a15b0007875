import type { Page } from 'playwright-core';

/** Signs in through the console's own form, as a person does. */
export async function signIn(page: Page, url: string, admin: { email: string; password: string }): Promise<void> {
  await page.goto(`${url}/console`);
  await page.getByLabel('Email').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}

/** The view fits a 1280x800 screen: the page itself never scrolls sideways (wide diagrams scroll in their own box). */
export async function pageWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}
