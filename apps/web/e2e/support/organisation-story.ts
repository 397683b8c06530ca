// What the organisation stories share (organisations, sharing): the people in them, and a server
// whose mail goes to an SMTP catcher in this process, with a first browser tab.
import type { Browser, Page } from 'playwright-core';
import { startMailCatcher, type MailCatcher } from '@coditect/server/test-support/mail-catcher';
import { startAppServer, type AppServer } from '../../test-support/app-server';
import { openBrowserTab } from './browser';

export const ADA = { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', password: 'an analytical engine' };
export const GRACE = { first: 'Grace', last: 'Hopper', email: 'grace@example.com', password: 'nanoseconds are 30 cm' };
export const ORGANISATION = 'Analytical Engines';

export interface MailedApp {
  mail: MailCatcher;
  server: AppServer;
  browser: Browser;
  /** The first tab (the Admin's). */
  page: Page;
  pageErrors: string[];
}

export async function startMailedApp(): Promise<MailedApp> {
  const mail = await startMailCatcher();
  const [server, tab] = await Promise.all([
    startAppServer({ env: { SMTP_URL: mail.url, RATE_LIMIT_MAIL: '100/1h' } }),
    openBrowserTab(),
  ]);
  return { mail, server, ...tab };
}

export async function stopMailedApp(app: MailedApp | undefined): Promise<void> {
  await app?.browser.close();
  await app?.server.close();
  await app?.mail.close();
}
