// With the server's login limit set low: the sign-in page says how long to wait after a 429,
// and the account's Admin finds the refusal (and the failed sign-ins before it) in the audit
// trail, whose hash chain checks out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { alertText, screenshot, signIn, signUp } from './support/page-helpers';

describe('a rate-limited sign-in, and the audit trail that records it', () => {
  let server: AppServer;
  let browser: Browser;
  let admin: Page;
  let pageErrors: string[];
  const alan = { first: 'Alan', last: 'Turing', email: 'alan@example.com', password: 'on computable numbers' };

  beforeAll(async () => {
    [server, { browser, page: admin, pageErrors }] = await Promise.all([
      startAppServer({ env: { RATE_LIMIT_LOGIN: '2/15m' } }),
      openBrowserTab(),
    ]);
    await signUp(admin, server.url, alan);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('tells someone guessing the password how long to wait', async () => {
    // Another browser: its own storage, not signed in.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const guesser = await context.newPage();
    await guesser.goto(`${server.url}/sign-in`);
    await signIn(guesser, alan.email, 'enigma 1');
    expect(await alertText(guesser)).toBe('Invalid email or password');
    await signIn(guesser, alan.email, 'enigma 2');
    await expect.poll(() => guesser.getByRole('button', { name: 'Sign in' }).isEnabled()).toBe(true);
    await signIn(guesser, alan.email, alan.password);
    await expect.poll(() => alertText(guesser)).toBe('Too many attempts. Try again in 15 minutes.');
    await screenshot(guesser, 'sign-in-rate-limited');
    await context.close();
  });

  it('shows the Admin the refused and failed sign-ins in the audit trail, and a chain that verifies', async () => {
    await admin.getByRole('link', { name: 'Audit trail' }).click();
    await admin.getByRole('heading', { name: 'Audit trail' }).waitFor();
    await admin.getByLabel('Event').selectOption('rate_limit.exceeded');
    const table = admin.getByRole('table', { name: 'Audit entries' });
    // Entries are written in batches just after each call.
    await expect
      .poll(async () => {
        await admin.getByRole('button', { name: 'Refresh' }).click();
        return table.getByRole('row').count();
      })
      .toBe(2);
    const refusal = table.getByRole('row').nth(1);
    expect(await refusal.textContent()).toContain('auth.login');
    expect(await refusal.textContent()).toContain('429');

    await admin.getByLabel('Event').selectOption('auth.login_failed');
    await expect.poll(() => table.getByRole('row').count()).toBe(3);
    await admin.getByLabel('Event').selectOption('');
    await table.getByRole('cell', { name: 'auth.register', exact: true }).waitFor();

    await admin.getByRole('button', { name: 'Verify the chain' }).click();
    await admin
      .getByRole('status')
      .filter({ hasText: /^Intact: \d+ entries checked$/ })
      .waitFor();
    await screenshot(admin, 'audit-trail');
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
