// Sign-in with an OpenID Connect provider in Chromium, through the provider's own login and
// consent pages (oidc-provider, in this process): "Continue with Acme SSO" signs a new person up
// and in; a person whose account already uses the provider's email links it with their password.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startOidcPeer, type OidcPeer } from '@coditect/server/test-support/oidc-peer';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { screenshot, signUp } from './support/page-helpers';

/** A port free now, for a server whose address the provider must know before it starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe('sign-in with an OpenID Connect provider', () => {
  let oidc: OidcPeer;
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  const grace = { first: 'Grace', last: 'Hopper', email: 'grace@example.com', password: 'a compiler for everyone' };

  beforeAll(async () => {
    const port = await freePort();
    const appUrl = `http://127.0.0.1:${port}`;
    oidc = await startOidcPeer({
      redirectUris: [`${appUrl}/sign-in/callback`],
      accounts: {
        ada: { sub: 'ada-1815', email: 'ada@example.com', email_verified: true, name: 'Ada Lovelace' },
        grace: { sub: 'grace-1906', email: grace.email, email_verified: true, name: 'Grace Hopper' },
        'linus-work': { sub: 'linus-1969', email: 'linus.work@example.com', email_verified: true, name: 'Linus' },
      },
    });
    [server, { browser, page, pageErrors }] = await Promise.all([
      startAppServer({
        env: {
          PORT: String(port),
          RATE_LIMIT_OAUTH: '1000/1m',
          OIDC_PROVIDERS: JSON.stringify([
            { id: 'acme', name: 'Acme SSO', issuer: oidc.issuer, client_id: oidc.clientId, client_secret: oidc.clientSecret },
          ]),
        },
      }),
      openBrowserTab(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await oidc?.close();
  });

  /** The provider's own pages: any login with any password, then its consent. */
  async function signInAtProvider(tab: Page, login: string) {
    await tab.locator('input[name="login"]').fill(login);
    await tab.locator('input[name="password"]').fill('any password');
    await tab.getByRole('button', { name: 'Sign-in' }).click();
    await tab.getByRole('button', { name: 'Continue' }).click();
  }

  it('signs a new person up and in through the provider’s own pages', async () => {
    await page.goto(`${server.url}/sign-in`);
    await page.getByRole('button', { name: 'Continue with Acme SSO' }).waitFor();
    await screenshot(page, 'sign-in-providers');
    await page.getByRole('button', { name: 'Continue with Acme SSO' }).click();
    await page.waitForURL((url) => url.origin === oidc.issuer);
    await signInAtProvider(page, 'ada');
    await page.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/');

    await page.goto(`${server.url}/profile`);
    const methods = page.getByRole('region', { name: 'Sign-in methods' });
    await expect.poll(() => methods.innerText()).toContain('Acme SSO');
    expect(await methods.innerText()).toContain('This account has no password');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.getByRole('button', { name: 'Continue with Acme SSO' }).waitFor();
  });

  it('links the provider to an existing account once its password is given', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const phone = await context.newPage();
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    await signUp(phone, server.url, grace);
    await phone.getByRole('button', { name: 'Side panel' }).click();
    await phone.getByRole('button', { name: 'Sign out', exact: true }).click();

    await phone.getByRole('button', { name: 'Continue with Acme SSO' }).click();
    await phone.waitForURL((url) => url.origin === oidc.issuer);
    await signInAtProvider(phone, 'grace');
    await phone.getByRole('heading', { name: 'Link Acme SSO' }).waitFor();
    await phone.getByLabel('Password', { exact: true }).fill('not my password');
    await phone.getByRole('button', { name: 'Link Acme SSO and sign in' }).click();
    await expect.poll(() => phone.getByText('Wrong password').count()).toBe(1);
    await screenshot(phone, 'sign-in-link-provider-390px');
    await phone.getByLabel('Password', { exact: true }).fill(grace.password);
    await phone.getByRole('button', { name: 'Link Acme SSO and sign in' }).click();
    await phone.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await context.close();
    // The provider's development pages import a Google font, which this machine cannot reach.
    expect(pageErrors.filter((error) => !error.includes('ERR_NAME_NOT_RESOLVED'))).toEqual([]);
  });

  it('links the provider from the Profile to an account with another email', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tab = await context.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await signUp(tab, server.url, {
      first: 'Linus',
      last: 'Torvalds',
      email: 'linus@example.com',
      password: 'just for fun, 1991',
    });
    await tab.goto(`${server.url}/profile`);
    const methods = tab.getByRole('region', { name: 'Sign-in methods' });
    await methods.getByRole('button', { name: 'Link Acme SSO' }).click();
    await tab.waitForURL((url) => url.origin === oidc.issuer);
    await signInAtProvider(tab, 'linus-work');
    await tab.getByRole('heading', { name: 'Profile' }).waitFor();
    await expect.poll(() => methods.innerText()).toContain('linus.work@example.com');
    await methods.scrollIntoViewIfNeeded();
    await screenshot(tab, 'profile-sign-in-methods');
    await context.close();
  });
});
