// Debian's Chromium driven by playwright-core (no downloaded browser). Each launch gets a fresh
// profile directory from Playwright; the flags keep it quiet and offline apart from our server.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: install it with "apt-get install -y chromium" (the CI script does).`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS, headless: true });
}

export interface BrowserTab {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors (CSP violations included), except failed 4xx requests. */
  pageErrors: string[];
}

/** Chromium with one 1280×800 context and a page in it. */
export async function openBrowserTab(): Promise<BrowserTab> {
  const browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  // Below the test timeout, so a missing element fails with Playwright's own explanation.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) pageErrors.push(message.text());
  });
  return { browser, context, page, pageErrors };
}
