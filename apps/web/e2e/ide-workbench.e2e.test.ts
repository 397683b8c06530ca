// The IDE shell in Chromium over a session's real files (a sample project put in through the API):
// tabs kept in the session's editor_state (reload, another device), reordered and closed by keyboard and
// mouse, quick open, search in files, the command palette, a save that meets a change from another
// tab (the compare view), "Follow the system" theme, and the whole thing on a 390 px phone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { createSession, screenshot, showView, signIn, signUp } from './support/page-helpers';
import { SAMPLE_FILES, putFiles, sessionIdOf } from './support/sample-project';

describe('the IDE shell', () => {
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let sessionUrl: string;
  const edsger = { first: 'Edsger', last: 'Dijkstra', email: 'edsger@example.com', password: 'goto considered harmful' };

  beforeAll(async () => {
    [server, { browser, context, page, pageErrors }] = await Promise.all([startAppServer(), openBrowserTab()]);
    await signUp(page, server.url, edsger);
    await createSession(page, 'structured programming', 'algol');
    sessionUrl = page.url();
    await putFiles(page, sessionIdOf(sessionUrl), SAMPLE_FILES);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const tabNames = (tab: Page = page) =>
    tab
      .getByRole('tablist', { name: 'Open files' })
      .getByRole('tab')
      .evaluateAll((tabs) => tabs.map((each) => each.getAttribute('data-path')));
  const activeTab = (tab: Page = page) => tab.getByRole('tab', { selected: true }).getAttribute('data-path');
  const sessionSaved = (tab: Page = page) =>
    tab
      .getByTestId('session-save-status')
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor({ timeout: 20_000 });

  async function quickOpen(tab: Page, query: string, path: string) {
    await tab.keyboard.press('Control+P');
    const dialog = tab.getByRole('dialog', { name: 'Go to file' });
    await dialog.getByRole('combobox').fill(query);
    await dialog.getByRole('option', { name: path, exact: true }).waitFor();
    await expect.poll(() => dialog.getByRole('option').first().getAttribute('aria-label')).toBe(path);
    await tab.keyboard.press('Enter');
    await tab.getByRole('tab', { name: path, exact: true }).waitFor();
  }

  it('shows the session’s files in the Explorer', async () => {
    const explorer = await showView(page, 'Explorer');
    await explorer.getByRole('treeitem', { name: 'README.md' }).waitFor();
  });

  it('opens files from the tree by keyboard, with lazily loaded folders', async () => {
    const tree = page.getByRole('tree', { name: 'Files' });
    await tree.getByRole('treeitem', { name: 'config' }).focus();
    await page.keyboard.press('ArrowRight'); // opens config/
    await tree.getByRole('treeitem', { name: 'app.yaml' }).waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByRole('tab', { name: 'config/app.yaml', exact: true }).waitFor();
    await expect.poll(() => page.getByRole('textbox', { name: 'Editor: config/app.yaml' }).textContent()).toContain('workers: 2');
    expect(await page.title()).toBe('app.yaml — structured programming — Coditect');
  });

  it('quick-opens files, reorders tabs by keyboard, closes one with a middle click', async () => {
    await quickOpen(page, 'greet', 'src/greet.ts');
    await quickOpen(page, 'stats', 'scripts/stats.py');
    await quickOpen(page, 'apts', 'src/app.ts');
    expect(await tabNames()).toEqual(['config/app.yaml', 'src/greet.ts', 'scripts/stats.py', 'src/app.ts']);
    await page.getByRole('tab', { name: 'src/app.ts', exact: true }).focus();
    await page.keyboard.press('Control+Shift+ArrowLeft');
    await page.keyboard.press('Control+Shift+ArrowLeft');
    expect(await tabNames()).toEqual(['config/app.yaml', 'src/app.ts', 'src/greet.ts', 'scripts/stats.py']);
    await page.keyboard.press('ArrowRight');
    expect(await activeTab()).toBe('src/greet.ts');
    await page.getByRole('tab', { name: 'config/app.yaml', exact: true }).click({ button: 'middle' });
    expect(await tabNames()).toEqual(['src/app.ts', 'src/greet.ts', 'scripts/stats.py']);
  });

  it('edits with the cursor kept in the session: a reload reopens the same tabs, active file and line', async () => {
    await page.getByRole('tab', { name: 'src/app.ts', exact: true }).click();
    const editor = page.getByRole('textbox', { name: 'Editor: src/app.ts' });
    // Nothing above the editor moves while the session saves (the status is in the status bar).
    const frame = () =>
      page.evaluate(() =>
        ['.title-bar', '.editor-tabs', '.code-editor'].map((selector) =>
          JSON.stringify(document.querySelector(selector)?.getBoundingClientRect()),
        ),
      );
    const before = await frame();
    await editor.click();
    await page
      .getByTestId('session-save-status')
      .getByRole('status')
      .filter({ hasText: /^(Unsaved changes|Saving…)$/ })
      .waitFor();
    expect(await frame()).toEqual(before);
    await page.keyboard.press('Control+Home');
    for (let line = 0; line < 3; line += 1) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await expect.poll(() => page.locator('.status-cursor').textContent()).toBe('Ln 4, Col 35');
    await sessionSaved();
    expect(await frame()).toEqual(before);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, 'ide-editor');

    await page.reload();
    await page.getByRole('tab', { name: 'src/app.ts', exact: true }).waitFor();
    expect(await tabNames()).toEqual(['src/app.ts', 'src/greet.ts', 'scripts/stats.py']);
    expect(await activeTab()).toBe('src/app.ts');
    await expect.poll(() => page.locator('.status-cursor').textContent()).toBe('Ln 4, Col 35');
  });

  it('opens the same tabs on another device', async () => {
    const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const other = await laptop.newPage();
    await other.goto(sessionUrl);
    await signIn(other, edsger.email, edsger.password);
    await other.getByRole('tab', { name: 'src/app.ts', exact: true }).waitFor();
    expect(await tabNames(other)).toEqual(['src/app.ts', 'src/greet.ts', 'scripts/stats.py']);
    expect(await activeTab(other)).toBe('src/app.ts');
    await laptop.close();
  });

  it('searches in files (Ctrl+Shift+F) and jumps to a result’s line', async () => {
    await page.keyboard.press('Control+Shift+F');
    const search = page.getByRole('complementary', { name: 'Search', exact: true });
    await search.getByLabel('Search text').fill('sum(');
    await search.getByLabel('Search text').press('Enter');
    await search.getByRole('status').filter({ hasText: '1 result in 1 file' }).waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, 'ide-search');
    await search.getByRole('button', { name: /^scripts\/stats\.py line 5:/ }).click();
    expect(await activeTab()).toBe('scripts/stats.py');
    await expect.poll(() => page.locator('.status-cursor').textContent()).toBe('Ln 5, Col 12');
  });

  it('lists every command with its shortcut in the palette (Ctrl+Shift+P, F1) and runs the one chosen', async () => {
    await page.keyboard.press('Control+Shift+P');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    await palette.getByRole('combobox').fill('toggle panel');
    const first = palette.getByRole('option').first();
    expect(await first.getAttribute('aria-label')).toBe('View: Toggle panel');
    expect(await first.textContent()).toContain('Ctrl+`');
    await screenshot(page, 'ide-command-palette');
    await page.keyboard.press('Enter');
    await page.getByRole('region', { name: 'Terminals' }).waitFor();
    expect(await palette.count()).toBe(0);

    await page.keyboard.press('F1');
    await palette.getByRole('option', { name: 'File: Save', exact: true }).waitFor();
    expect(await palette.getByRole('option').count()).toBeGreaterThan(15);
    await page.keyboard.press('Escape');
    expect(await palette.count()).toBe(0);
    await page.keyboard.press('Control+`');
    await expect.poll(() => page.getByRole('region', { name: 'Terminals' }).count()).toBe(0);
  });

  it('never overwrites a change made in another tab: the save opens the compare view', async () => {
    await page.getByRole('tab', { name: 'src/greet.ts', exact: true }).click();
    const other = await context.newPage();
    await other.goto(sessionUrl);
    await other.getByRole('tab', { name: 'src/greet.ts', exact: true }).click();
    await other.getByRole('textbox', { name: 'Editor: src/greet.ts' }).click();
    await other.keyboard.press('Control+End');
    await other.keyboard.type('// theirs\n');
    await other.keyboard.press('Control+S');
    await other.getByRole('tab', { name: 'src/greet.ts', exact: true }).waitFor();

    await page.bringToFront();
    const editor = page.getByRole('textbox', { name: 'Editor: src/greet.ts' });
    await expect.poll(() => editor.textContent()).toContain('// theirs');
    // Not dirty here, so their version simply came in. Now both edit before either saves.
    await editor.click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('// mine\n');
    await other.bringToFront();
    await other.keyboard.type('// theirs again\n');
    await other.keyboard.press('Control+S');
    await other.getByRole('tab', { name: 'src/greet.ts', exact: true }).waitFor();

    await page.bringToFront();
    await page.getByRole('alert').filter({ hasText: 'changed elsewhere while you were editing it' }).waitFor();
    await page.keyboard.press('Control+S');
    const compare = page.getByRole('alert').filter({ hasText: 'changed elsewhere since you opened it' });
    await compare.waitFor();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Theirs: src/greet.ts' }).textContent())
      .toContain('// theirs again');
    expect(await page.getByRole('textbox', { name: 'Merge: src/greet.ts' }).textContent()).toContain('// mine');
    await screenshot(page, 'ide-compare');
    await compare.getByRole('button', { name: 'Save merge' }).click();
    await page.getByRole('tab', { name: 'src/greet.ts', exact: true }).waitFor();

    // The other tab gets the merge.
    await other.bringToFront();
    await expect.poll(() => other.getByRole('textbox', { name: 'Editor: src/greet.ts' }).textContent()).toContain('// mine');
    await other.close();
    await page.bringToFront();
  });

  it('follows the system’s colour scheme when asked to', async () => {
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.keyboard.press('Control+Shift+P');
    await page.getByRole('dialog', { name: 'Command palette' }).getByRole('combobox').fill('follow the system');
    await page.keyboard.press('Enter');
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await screenshot(page, 'ide-editor-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(background).toBe('rgb(30, 30, 30)');
    await page.goto(`${server.url}/settings/theme`);
    expect(await page.getByLabel('Color scheme').inputValue()).toBe('system');
    await page.getByLabel('Color scheme').selectOption('dark');
    await page.goto(sessionUrl);
  });

  it('works on a 390 px phone: the editor takes the width, the side panel and the chat are drawers', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true });
    const tab = await phone.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.goto(sessionUrl);
    await signIn(tab, edsger.email, edsger.password);
    await tab.getByRole('tab', { name: 'src/app.ts', exact: true }).waitFor();
    const overflow = () => tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBe(0);
    const width = (selector: string) => tab.locator(selector).evaluate((element) => element.getBoundingClientRect().width);
    expect(await width('.main-column')).toBe(390);
    expect(await tab.getByRole('complementary').count()).toBe(0);
    await tab.getByRole('tab', { name: 'src/greet.ts', exact: true }).click();
    await tab.getByRole('textbox', { name: 'Editor: src/greet.ts' }).waitFor();
    await screenshot(tab, 'ide-editor-390px');

    const explorer = await showView(tab, 'Explorer');
    expect(await width('.side-area')).toBeLessThanOrEqual(350);
    await screenshot(tab, 'ide-drawer-390px');
    await explorer.getByRole('treeitem', { name: 'README.md' }).click();
    // The drawer gives way to the file.
    await expect.poll(() => tab.getByRole('complementary').count()).toBe(0);
    expect(await activeTab(tab)).toBe('README.md');

    await tab.getByRole('button', { name: 'AI chat' }).click();
    const chat = tab.getByRole('region', { name: 'AI chat' });
    await chat.getByRole('button', { name: 'New conversation' }).click();
    await chat.getByLabel('Conversation title').fill('On the phone');
    await chat.getByRole('button', { name: 'Start' }).click();
    await chat.getByRole('heading', { name: 'On the phone' }).waitFor();
    expect(await width('.chat-area')).toBe(390);
    expect(
      await chat.getByLabel('Message', { exact: true }).evaluate((element) => element.getBoundingClientRect().width),
    ).toBeGreaterThan(250);
    expect(await overflow()).toBe(0);
    await screenshot(tab, 'ide-chat-390px');
    await tab.getByRole('button', { name: 'AI chat' }).click();
    await expect.poll(() => chat.isVisible()).toBe(false);
    await phone.close();
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
