// Workspace sessions in the browser: create from the Sessions view, edit the state in the Session
// view (saved on its own), reload and find it kept, related sessions by tag, fork, delete, and two
// tabs editing one session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { createSession, screenshot, showView, signUp } from './support/page-helpers';

describe('workspace sessions', () => {
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let sessionUrl: string;
  let pageErrors: string[];

  beforeAll(async () => {
    [server, { browser, context, page, pageErrors }] = await Promise.all([startAppServer(), openBrowserTab()]);
    await signUp(page, server.url, { first: 'Linus', last: 'T', email: 'linus@example.com', password: 'monolithic kernel 1991' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const sidebar = () => page.getByRole('complementary', { name: 'Sessions' });
  const sessionsList = () => showView(page, 'Sessions');
  const saved = (tab: Page = page) =>
    tab
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();

  async function addItem(list: string, value: string) {
    await page.getByLabel(`Add to ${list.toLowerCase()}`).fill(value);
    await page.getByLabel(`Add to ${list.toLowerCase()}`).press('Enter');
    await page.getByRole('list', { name: list }).getByText(value, { exact: true }).waitFor();
  }

  it('starts with an empty list, then creates a session from the Sessions view and opens it', async () => {
    await sessionsList();
    await sidebar().getByText('No sessions yet').waitFor();
    await sidebar().getByRole('button', { name: 'New session' }).click();
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await sidebar().getByText('Required').waitFor();
    await page.getByPlaceholder('Session name').press('Escape');
    await createSession(page, 'kernel work', 'c, kernel');
    sessionUrl = page.url();
    expect(new URL(sessionUrl).pathname).toMatch(/^\/sessions\/[0-9a-f-]{36}$/);
    await sessionsList();
    await sidebar()
      .getByRole('link', { name: /kernel work/ })
      .waitFor();
  });

  it('edits the whole state and saves it without a save button', async () => {
    await showView(page, 'Session');
    await page.getByLabel('Session name', { exact: true }).fill('kernel: scheduler');
    await page.getByLabel('Workspace path').fill('/src/linux');
    await addItem('Tags', 'sched');
    await page.getByLabel('Breakpoint file').fill('kernel/sched/core.c');
    await page.getByLabel('Breakpoint line').fill('4100');
    await page.getByRole('form', { name: 'Add a breakpoint' }).getByRole('button', { name: 'Add' }).click();
    await addItem('Context files', 'Documentation/scheduler/sched-design-CFS.rst');
    await page.getByLabel('Fact name').fill('arch');
    await page.getByLabel('Fact value').fill('"x86_64"');
    await page.getByRole('form', { name: 'Add a fact' }).getByRole('button', { name: 'Add' }).click();
    await addItem('Decisions', 'Keep the red-black tree');
    await saved();
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      document.querySelector('.side-panel-body')?.scrollTo(0, 0);
    });
    await screenshot(page, 'session');
    // The list shows the new name without asking the server again.
    await sessionsList();
    await sidebar()
      .getByRole('link', { name: /kernel: scheduler/ })
      .waitFor();
  });

  it('finds every edit kept after a reload', async () => {
    await page.reload();
    await showView(page, 'Session');
    await expect.poll(() => page.getByLabel('Session name', { exact: true }).inputValue()).toBe('kernel: scheduler');
    expect(await page.getByLabel('Workspace path').inputValue()).toBe('/src/linux');
    const text = (name: string) => page.getByRole('list', { name }).textContent();
    expect(await text('Tags')).toContain('sched');
    expect(await text('Breakpoints')).toContain('kernel/sched/core.c:4100');
    expect(await text('Context files')).toContain('sched-design-CFS.rst');
    expect(await text('Facts')).toContain('"x86_64"');
    expect(await text('Decisions')).toContain('Keep the red-black tree');
  });

  it('lists related sessions by shared tags, with their relevance', async () => {
    await createSession(page, 'kernel: memory', 'kernel, mm');
    const related = page.getByRole('list', { name: 'Related sessions' });
    await related.getByRole('link', { name: 'kernel: scheduler' }).waitFor();
    // {kernel, mm} vs {c, kernel, sched}: one shared of four.
    expect(await related.textContent()).toContain('25%');
  });

  it('forks a session with its state, and deletes after confirming', async () => {
    await page.goto(sessionUrl);
    await showView(page, 'Session');
    await page.getByRole('button', { name: 'Fork' }).click();
    await expect.poll(() => page.getByLabel('Session name', { exact: true }).inputValue()).toBe('kernel: scheduler (fork)');
    expect(page.url()).not.toBe(sessionUrl);
    expect(await page.getByRole('list', { name: 'Breakpoints' }).textContent()).toContain('kernel/sched/core.c:4100');
    await page.getByText('Forked from another session.').waitFor();
    await sessionsList();
    await sidebar()
      .getByRole('link', { name: /kernel: scheduler \(fork\)/ })
      .getByText('fork', { exact: true })
      .waitFor();

    await showView(page, 'Session');
    await page.getByRole('button', { name: 'Delete…' }).click();
    await page.getByRole('group', { name: 'Confirm deletion' }).getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('heading', { name: /Welcome/ }).waitFor();
    await sessionsList();
    await expect
      .poll(() =>
        sidebar()
          .getByRole('link', { name: /\(fork\)/ })
          .count(),
      )
      .toBe(0);
    await sidebar()
      .getByRole('link', { name: /kernel: scheduler/ })
      .waitFor();
  });

  it('loads the sidebar a page at a time', async () => {
    // 2 sessions exist; 20 more make two pages.
    for (let index = 0; index < 20; index += 1) {
      await page.evaluate(
        async (name) => {
          const tokens = JSON.parse(localStorage.getItem('coditect.tokens')!);
          await fetch('/api/v5/sessions', {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.access_token}` },
            body: JSON.stringify({ name }),
          });
        },
        `bulk ${String(index).padStart(2, '0')}`,
      );
    }
    await page.reload();
    await sessionsList();
    await sidebar()
      .getByRole('link', { name: /bulk 19/ })
      .waitFor();
    expect(await sidebar().getByRole('link').count()).toBe(20);
    await sidebar().getByRole('button', { name: 'Load more' }).click();
    await expect.poll(() => sidebar().getByRole('link').count()).toBe(22);
    expect(await sidebar().getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });

  it('asks, when another tab saved first and its change did not arrive live, whether to reload theirs or overwrite with mine', async () => {
    await page.goto(sessionUrl);
    await showView(page, 'Session');
    await saved().catch(() => undefined);
    const other = await context.newPage();
    // The live channel would take tab 1's save in at once (terminal.e2e.test.ts shows it). Without
    // it — a client whose channel is down — the next save meets the 409 and the person chooses.
    await other.routeWebSocket(/\/api\/v5\/events$/, () => undefined);
    await other.goto(sessionUrl);
    await showView(other, 'Session');
    await expect.poll(() => other.getByLabel('Session name', { exact: true }).inputValue()).toBe('kernel: scheduler');

    // Tab 1 saves a new name; tab 2, still on the old version, adds a tag.
    await page.bringToFront();
    await page.getByLabel('Session name', { exact: true }).fill('kernel: scheduler v2');
    await saved();
    await other.bringToFront();
    await other.getByLabel('Add to tags').fill('rt');
    await other.getByLabel('Add to tags').press('Enter');
    const conflict = other.getByRole('alert').filter({ hasText: 'This session changed elsewhere.' });
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Your unsaved tags');
    await screenshot(other, 'session-conflict');

    await conflict.getByRole('button', { name: 'Reload theirs' }).click();
    await expect.poll(() => other.getByLabel('Session name', { exact: true }).inputValue()).toBe('kernel: scheduler v2');
    expect(await other.getByRole('list', { name: 'Tags' }).textContent()).not.toContain('rt');

    // Again, and this time keep tab 2's edit.
    await page.bringToFront();
    await page.getByLabel('Workspace path').fill('/src/linux-next');
    await saved();
    await other.bringToFront();
    await other.getByLabel('Add to tags').fill('rt');
    await other.getByLabel('Add to tags').press('Enter');
    await conflict.getByRole('button', { name: 'Overwrite with mine' }).click();
    await saved(other);
    await page.bringToFront();
    await page.reload();
    await showView(page, 'Session');
    await page.getByRole('list', { name: 'Tags' }).getByText('rt', { exact: true }).waitFor();
    expect(await page.getByLabel('Workspace path').inputValue()).toBe('/src/linux-next');
    await other.close();
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
