// Two-factor in Chromium: set up from the Profile (password, QR code and key, first code, recovery
// codes), then a sign-in asks for a code — a wrong one is refused on the field, the app's next code
// signs in — and on a phone a recovery code signs in instead.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { fieldMessage, screenshot, signIn, signUp } from './support/page-helpers';

describe('two-factor authentication', () => {
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  const alan = { first: 'Alan', last: 'Turing', email: 'alan@example.com', password: 'on computable numbers' };
  let seed = '';
  let recoveryCodes: string[] = [];

  beforeAll(async () => {
    [server, { browser, page, pageErrors }] = await Promise.all([startAppServer(), openBrowserTab()]);
    await signUp(page, server.url, alan);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const card = (tab: Page) => tab.getByRole('region', { name: 'Two-factor authentication' });
  /** What an authenticator app shows, `steps` periods from now. */
  const code = (steps = 0) =>
    new TOTP({ secret: Secret.fromBase32(seed), digits: 6, period: 30 }).generate({ timestamp: Date.now() + steps * 30_000 });

  it('sets up an authenticator app from the Profile and shows the recovery codes once', async () => {
    await page.goto(`${server.url}/profile`);
    await card(page).getByRole('button', { name: 'Set up two-factor…' }).click();
    await card(page).getByLabel('Your password').fill('not my password');
    await card(page).getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => fieldMessage(page, 'Your password')).toMatch(/incorrect/);
    await card(page).getByLabel('Your password').fill(alan.password);
    await card(page).getByRole('button', { name: 'Continue' }).click();

    await card(page).getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    seed = (await card(page).getByLabel('Setup key').innerText()).replace(/\s/g, '');
    expect(seed).toMatch(/^[A-Z2-7]{32}$/);
    await card(page).scrollIntoViewIfNeeded();
    await screenshot(page, 'two-factor-setup');
    await card(page).getByLabel('Code from the app').fill(code());
    await card(page).getByRole('button', { name: 'Turn on two-factor' }).click();

    const codes = card(page).getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect.poll(() => codes.count()).toBe(10);
    recoveryCodes = await codes.allInnerTexts();
    await screenshot(page, 'two-factor-recovery-codes');
    await card(page).getByRole('button', { name: 'I have saved them' }).click();
    await expect.poll(() => card(page).innerText()).toContain('10 recovery codes left');
  });

  it('asks for a code at sign-in: a wrong one is refused on the field, the next code signs in', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await signIn(page, alan.email, alan.password);
    await page.getByRole('heading', { name: 'Two-factor authentication' }).waitFor();
    await page.getByLabel('Authentication code').fill(code(5));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => fieldMessage(page, 'Authentication code')).toMatch(/not right/);
    await screenshot(page, 'two-factor-sign-in');
    // The setup spent the current step's code: the app's next one (a step ahead is accepted).
    await page.getByLabel('Authentication code').fill(code(1));
    await page.getByRole('button', { name: 'Verify' }).click();
    // Signed in where the sign-out left off: the Profile.
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
  });

  it('signs in with a recovery code on a phone', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const phone = await context.newPage();
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    await phone.goto(`${server.url}/profile`);
    await signIn(phone, alan.email, alan.password);
    await phone.getByLabel('Authentication code').fill(recoveryCodes[0]!);
    await screenshot(phone, 'two-factor-sign-in-390px');
    await phone.getByRole('button', { name: 'Verify' }).click();
    await phone.getByRole('heading', { name: 'Profile' }).waitFor();
    await expect.poll(() => card(phone).innerText()).toContain('9 recovery codes left');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
