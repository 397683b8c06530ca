// Devices in Chromium: a second browser signs in, the first sees it in the Profile's Devices card
// and signs it out — the second is sent to the sign-in page at its next request; then "Sign out all
// other devices", and signing this device out signs out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { screenshot, signIn, signUp } from './support/page-helpers';

describe('devices', () => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  const grace = { first: 'Grace', last: 'Hopper', email: 'grace@example.com', password: 'a compiler for everyone' };

  beforeAll(async () => {
    [server, { browser, page, pageErrors }] = await Promise.all([startAppServer(), openBrowserTab()]);
    await signUp(page, server.url, grace);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Another browser (its own storage) signed in as Grace. */
  const otherBrowser = async (width = 1280) => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    const tab = await context.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.goto(`${server.url}/profile`);
    await signIn(tab, grace.email, grace.password);
    await tab.getByRole('heading', { name: 'Profile' }).waitFor();
    return { context, tab };
  };
  const card = (tab: Page) => tab.getByRole('region', { name: 'Devices' });
  const rows = (tab: Page) => card(tab).getByRole('list', { name: 'Signed-in devices' }).getByRole('listitem');

  it('lists this and another browser, and signs the other out at its next request', async () => {
    const other = await otherBrowser();
    await page.goto(`${server.url}/profile`);
    await expect.poll(() => rows(page).count()).toBe(2);
    const current = rows(page).filter({ hasText: 'this device' });
    expect(await current.innerText()).toContain('Chrome on Linux');
    expect(await current.innerText()).toContain('127.0.0.1');
    await card(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'profile-devices');

    const second = rows(page).filter({ hasNotText: 'this device' });
    await second.getByRole('button', { name: /^Sign out .*…$/ }).click();
    await second
      .getByRole('group', { name: /Confirm signing out/ })
      .getByRole('button', { name: 'Sign out' })
      .click();
    await expect.poll(() => rows(page).count()).toBe(1);

    // The other browser's tokens are dead: its next load ends at the sign-in page.
    await other.tab.reload();
    await other.tab.getByRole('button', { name: 'Sign in' }).waitFor();
    await other.context.close();
  });

  it('signs out all other devices, and this one last', async () => {
    const [a, b] = [await otherBrowser(), await otherBrowser(390)];
    await page.reload();
    await expect.poll(() => rows(page).count()).toBe(3);
    await card(page).getByRole('button', { name: 'Sign out all other devices…' }).click();
    await card(page).getByRole('button', { name: 'Sign out 2 devices' }).click();
    await expect.poll(() => rows(page).count()).toBe(1);
    for (const other of [a, b]) {
      await other.tab.reload();
      await other.tab.getByRole('button', { name: 'Sign in' }).waitFor();
    }

    // At 390 px the card fits (checked before the phone's browser was signed out, on the same layout).
    await a.context.close();
    await b.context.close();
    const phone = await otherBrowser(390);
    await card(phone.tab).scrollIntoViewIfNeeded();
    expect(await phone.tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(phone.tab, 'profile-devices-390px');
    await phone.context.close();

    await page.reload();
    const mine = rows(page).filter({ hasText: 'this device' });
    await mine.getByRole('button', { name: /this device/ }).click();
    await mine
      .getByRole('group', { name: /Confirm signing out/ })
      .getByRole('button', { name: 'Sign out' })
      .click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
