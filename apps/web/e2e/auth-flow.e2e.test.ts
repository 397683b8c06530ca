// A person's first visit, in Chromium against the production build on the real server: sign up,
// reload, rename, settings, password change (signed out everywhere), sign in again, and the
// messages for everything that can go wrong on the way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { alertText, fieldMessage, screenshot, signIn, signUp, type Person } from './support/page-helpers';

describe('signing up, staying signed in, profile, settings, password', () => {
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  const ada: Person = { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', password: 'analytical engine 1843' };

  beforeAll(async () => {
    [server, { browser, context, page, pageErrors }] = await Promise.all([startAppServer(), openBrowserTab()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows the contract’s validation messages under each field before sending anything', async () => {
    await page.goto(`${server.url}/sign-up`);
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await fieldMessage(page, 'First name')).toBe('Required');
    expect(await fieldMessage(page, 'Last name')).toBe('Required');
    expect(await fieldMessage(page, 'Email')).toBe('Enter a valid email address');
    await page.getByLabel('Email').fill('ada@');
    await page.getByLabel('Password', { exact: true }).fill('short');
    expect(await fieldMessage(page, 'Email')).toBe('Enter a valid email address');
    expect(await fieldMessage(page, 'Password')).toBe('Password must be at least 8 characters');
    expect(await page.getByLabel('Password', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'sign-up-validation');
    await page.getByLabel('Email').fill(ada.email);
    expect(await fieldMessage(page, 'Email')).toBe('');
  });

  it('signs up into the IDE shell', async () => {
    await signUp(page, server.url, ada);
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toBe('Ada Lovelace');
    await page.getByText('Connected · API').waitFor();
    await screenshot(page, 'workspace');
  });

  it('stays signed in across a reload', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(page.url()).toBe(`${server.url}/`);
  });

  it('fits an 800 px wide window', async () => {
    await page.setViewportSize({ width: 800, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await screenshot(page, 'workspace-800px');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('is reachable from the keyboard: skip link first, then the sections', async () => {
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    // The title bar's organisation switcher, then the activity bar.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Organisation/);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Explorer');
    await page.keyboard.press('Control+,');
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings/editor');
  });

  it('applies settings at once and keeps them over a reload', async () => {
    const preview = page.getByTestId('editor-preview');
    expect(await preview.evaluate((element) => getComputedStyle(element).fontSize)).toBe('14px');
    await page.getByLabel('Font size').fill('20');
    await expect.poll(() => preview.evaluate((element) => getComputedStyle(element).fontSize)).toBe('20px');
    await page.getByLabel('Font size').fill('99');
    expect(await fieldMessage(page, 'Font size')).toBe('Enter a number from 10 to 32');
    expect(await preview.evaluate((element) => getComputedStyle(element).fontSize)).toBe('20px');
    await page.getByLabel('Font size').fill('16');

    await page.getByRole('link', { name: 'Theme' }).click();
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await background()).toBe('rgb(30, 30, 30)');
    await page.getByLabel('Color scheme').selectOption('light');
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await screenshot(page, 'settings-theme-light');

    // Reloaded at once, before the change went out: the first paint is already light (this
    // browser's copy), and the change still reaches the server.
    await page.reload();
    await page.getByRole('heading', { name: 'Settings' }).waitFor();
    expect(await background()).toBe('rgb(255, 255, 255)');
    await page.getByRole('status').filter({ hasText: 'Saved to your account' }).waitFor();

    // Kept on the server: without this browser's copy they come back from settings.getAll.
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) if (key.startsWith('coditect.settings')) localStorage.removeItem(key);
    });
    await page.reload();
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await page.getByRole('button', { name: 'Reset' }).first().click();
    await expect.poll(background).toBe('rgb(30, 30, 30)');
    await page.getByRole('link', { name: 'Editor' }).click();
    expect(await page.getByTestId('editor-preview').evaluate((element) => getComputedStyle(element).fontSize)).toBe('16px');
    await page.getByRole('status').filter({ hasText: 'Saved to your account' }).waitFor();
    await screenshot(page, 'settings-editor');
  });

  it('changes the name through users.updateMe', async () => {
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByRole('heading', { name: 'Account', exact: true }).waitFor();
    await page.getByText(ada.email, { exact: true }).waitFor();
    await page.getByLabel('Last name').fill('');
    await page.getByRole('button', { name: 'Save name' }).click();
    expect(await fieldMessage(page, 'Last name')).toBe('Required');
    await page.getByLabel('Last name').fill('King');
    await page.getByRole('button', { name: 'Save name' }).click();
    await page.getByText('Saved', { exact: true }).waitFor();
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toBe('Ada King');
    await screenshot(page, 'profile');
  });

  it('creates an API key whose secret shows once (copied with a button), works for scripts, and is revoked', async () => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    const keys = page.getByRole('region', { name: 'API keys' });
    await keys.getByText('No API keys yet.').waitFor();
    await keys.getByRole('button', { name: 'Create key' }).click();
    expect(await fieldMessage(page, 'Key name')).toBe('Required');
    await keys.getByLabel('Key name').fill('CI deploys');
    await keys.getByLabel('Access').selectOption('write');
    await keys.getByLabel('Expires').selectOption('30');
    await keys.getByRole('button', { name: 'Create key' }).click();

    const secret = (await keys.getByTestId('api-key-secret').textContent()) ?? '';
    expect(secret).toMatch(/^cdk_[A-Za-z0-9_-]{43}$/);
    await keys.getByRole('button', { name: 'Copy' }).click();
    await keys.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    const row = keys.getByRole('list', { name: 'API keys' }).getByRole('listitem').filter({ hasText: 'CI deploys' });
    const rowText = (await row.textContent()) ?? '';
    expect(rowText).toContain('read & write');
    expect(rowText).toMatch(/expires \w{3} \d{1,2}, \d{4}/);
    expect(secret.startsWith((await row.locator('code').textContent())!.replace('…', ''))).toBe(true);
    expect(rowText).not.toContain(secret);
    await keys.scrollIntoViewIfNeeded();
    await screenshot(page, 'profile-api-keys');

    // A script calls the API with it.
    const statusWith = (key: string) =>
      page.evaluate(async (apiKey) => (await fetch('/api/v5/sessions', { headers: { 'x-api-key': apiKey } })).status, key);
    expect(await statusWith(secret)).toBe(200);

    // Shown once: gone after "Done" and after a reload.
    await keys.getByRole('button', { name: 'Done' }).click();
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: 'Revoke CI deploys…' }).click();
    await row.getByRole('group', { name: 'Confirm revoking CI deploys' }).getByRole('button', { name: 'Revoke' }).click();
    await keys.getByText('No API keys yet.').waitFor();
    expect(await statusWith(secret)).toBe(401);
    await page.evaluate(() => document.getElementById('main')?.scrollTo(0, 0));
  });

  it('rejects a wrong current password, then signs out everywhere after a change', async () => {
    const otherTab = await context.newPage();
    await otherTab.goto(`${server.url}/profile`);
    await otherTab.getByRole('heading', { name: 'Profile' }).waitFor();
    // Background tabs get no animation frames, which Playwright's actions wait for.
    await page.bringToFront();

    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill('difference engine 1822');
    await page.getByLabel('Confirm new password').fill('difference engine 182');
    await page.getByRole('button', { name: 'Change password' }).click();
    expect(await fieldMessage(page, 'Confirm new password')).toBe('Does not match the new password');
    await page.getByLabel('Confirm new password').fill('difference engine 1822');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect.poll(() => fieldMessage(page, 'Current password')).not.toBe('');
    expect(await page.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Current password').fill(ada.password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain('Your password was changed');
    await screenshot(page, 'sign-in-after-password-change');
    // The other tab follows without a reload.
    await otherTab.bringToFront();
    await otherTab.getByRole('heading', { name: 'Sign in' }).waitFor();
    await otherTab.close();
    await page.bringToFront();
    expect(await page.evaluate(() => localStorage.getItem('coditect.tokens'))).toBeNull();
  });

  it('explains a wrong password, then signs in with the new one where it left off', async () => {
    expect(new URL(page.url()).pathname).toBe('/profile');
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await fieldMessage(page, 'Email')).toBe('Required');
    expect(await fieldMessage(page, 'Password')).toBe('Required');
    await signIn(page, ada.email, ada.password);
    expect(await alertText(page)).toBe('Invalid email or password');
    await signIn(page, 'nobody@example.com', 'whatever it is');
    await expect.poll(() => alertText(page)).toBe('Invalid email or password');
    await screenshot(page, 'sign-in-error');
    await signIn(page, ada.email, 'difference engine 1822');
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toBe('Ada King');
  });

  it('says plainly when an email is taken', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Again');
    await page.getByLabel('Email').fill('ADA@example.com');
    await page.getByLabel('Password', { exact: true }).fill('another good password');
    await page.getByRole('button', { name: 'Create account' }).click();
    expect(await alertText(page)).toBe('An account with this email already exists');
  });

  it('logged no page errors on the way', () => {
    expect(pageErrors).toEqual([]);
  });
});
