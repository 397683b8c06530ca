// Short-lived access tokens with two tabs open: the tabs refresh ahead of expiry, one refresh per
// expiry between them (Web Locks), so the server never sees a refresh token twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { signUp } from './support/page-helpers';

const ACCESS_TOKEN_SECONDS = 4;
/** Past the point where a 4 s token is refreshed ahead of expiry (the last quarter of its life). */
const PAST_REFRESH_POINT_MS = 3_300;

describe('two tabs and expiring access tokens', () => {
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;
  let first: Page;
  let second: Page;
  const refreshAnswers: number[] = [];

  beforeAll(async () => {
    [server, { browser, context, page: first }] = await Promise.all([
      startAppServer({ env: { ACCESS_TOKEN_TTL: String(ACCESS_TOKEN_SECONDS) } }),
      openBrowserTab(),
    ]);
    context.on('response', (response) => {
      if (new URL(response.url()).pathname === '/trpc/auth.refresh') refreshAnswers.push(response.status());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const name = (tab: Page) => tab.getByTestId('signed-in-user').textContent();

  it('both tabs stay signed in over several expiries with one refresh each time', async () => {
    await signUp(first, server.url, {
      first: 'Grace',
      last: 'Hopper',
      email: 'grace@example.com',
      password: 'cobol compiler 1959',
    });
    second = await context.newPage();
    await second.goto(`${server.url}/profile`);
    await second.getByRole('heading', { name: 'Account', exact: true }).waitFor();

    for (let round = 1; round <= 2; round += 1) {
      await first.waitForTimeout(PAST_REFRESH_POINT_MS);
      // Both tabs need a token at the same moment.
      await Promise.all([first.reload(), second.reload()]);
      for (const tab of [first, second]) await expect.poll(() => name(tab)).toBe('Grace Hopper');
      expect(refreshAnswers).toEqual(Array(round).fill(200));
    }
  });

  it('recovers from a rejected access token with one refresh', async () => {
    // Same claims, bad signature: fresh by its expiry, rejected by the server.
    await first.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem('coditect.tokens')!);
      const [header, payload] = stored.access_token.split('.');
      localStorage.setItem('coditect.tokens', JSON.stringify({ ...stored, access_token: `${header}.${payload}.forged` }));
    });
    await Promise.all([first.reload(), second.reload()]);
    for (const tab of [first, second]) await expect.poll(() => name(tab)).toBe('Grace Hopper');
    expect(refreshAnswers).toEqual([200, 200, 200]);
  });
});
