// Mailed links in Chromium, with a real SMTP server in the test process catching the mails: sign-up
// shows a banner until the mailed link is opened; "Forgot your password?" mails a link whose page
// sets a new password, which signs every browser of the account out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { linkIn, startMailCatcher, type MailCatcher } from '@coditect/server/test-support/mail-catcher';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { fieldMessage, screenshot, signIn, signUp } from './support/page-helpers';

describe('mailed links', () => {
  let mail: MailCatcher;
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  const ada = { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', password: 'an analytical engine' };

  beforeAll(async () => {
    mail = await startMailCatcher();
    [server, { browser, page, pageErrors }] = await Promise.all([
      startAppServer({ env: { SMTP_URL: mail.url, RATE_LIMIT_MAIL: '100/1h' } }),
      openBrowserTab(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await mail?.close();
  });

  const banner = (tab: Page) => tab.locator('.verify-banner');

  it('asks a new account to confirm its address until the mailed link is opened', async () => {
    await signUp(page, server.url, ada);
    await expect.poll(() => banner(page).innerText()).toContain('open the link we mailed to ada@example.com');
    await screenshot(page, 'verify-email-banner');

    // A new link voids the first one.
    const first = linkIn(await mail.next(ada.email, /Confirm/), '/verify-email').url;
    await banner(page).getByRole('button', { name: 'Send a new link' }).click();
    await expect.poll(() => banner(page).innerText()).toContain('A new link is on its way');
    const second = linkIn(await mail.next(ada.email, /Confirm/), '/verify-email').url;

    await page.goto(first.toString());
    await page.getByRole('alert').filter({ hasText: 'invalid, used or expired' }).waitFor();
    await page.goto(second.toString());
    await page.getByText('ada@example.com is verified').waitFor();
    await screenshot(page, 'verify-email-done');
    await page.getByRole('link', { name: 'Open Coditect' }).click();
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(await banner(page).count()).toBe(0);
  });

  it('resets a forgotten password through the mailed link, signing every browser out', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const phone = await context.newPage();
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    await phone.goto(`${server.url}/sign-in`);
    await phone.getByRole('link', { name: 'Forgot your password?' }).click();
    await phone.getByLabel('Email').fill(ada.email);
    await phone.getByRole('button', { name: 'Send me a link' }).click();
    await phone.getByText('If an account uses ada@example.com').waitFor();
    await screenshot(phone, 'forgot-password-390px');

    const { url } = linkIn(await mail.next(ada.email, /Reset your/), '/reset-password');
    await phone.goto(url.toString());
    await phone.getByLabel('New password', { exact: true }).fill('password');
    await phone.getByRole('button', { name: 'Set new password' }).click();
    await expect.poll(() => fieldMessage(phone, 'New password')).toMatch(/common|guess/i);
    await screenshot(phone, 'reset-password-390px');
    await phone.getByLabel('New password', { exact: true }).fill('a difference engine, at last');
    await phone.getByRole('button', { name: 'Set new password' }).click();
    await phone.getByText('Your password is changed').waitFor();

    // The first browser's session ended with the reset: its next load asks to sign in.
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await signIn(page, ada.email, 'a difference engine, at last');
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
    expect(pageErrors).toEqual([]);
  });
});
