// The whole flow in one sitting, as a new user would go through it: sign up, create a
// session, open a file of its workspace, edit and save it, edit the session's state, reload
// and find tabs and state kept, fork it, see the related session, chat with
// a streamed reply and stop one, change settings that stay over a reload, change the password
// (signed out), sign in again. The other suites go into each step's details.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFakeLlmProvider, type FakeLlmProvider } from '@coditect/server/test-support/fake-llm-provider';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { createSession, showView, signIn, signUp } from './support/page-helpers';
import { SAMPLE_FILES, putFiles, sessionIdOf } from './support/sample-project';

describe('a new user’s first session, end to end', () => {
  let fake: FakeLlmProvider;
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let sessionUrl: string;
  const barbara = { first: 'Barbara', last: 'Liskov', email: 'barbara@example.com', password: 'substitution principle 87' };

  beforeAll(async () => {
    fake = await startFakeLlmProvider();
    [server, { browser, page, pageErrors }] = await Promise.all([
      startAppServer({ env: { LLM_BASE_URL: fake.baseUrl, LLM_TIMEOUT: '5s' } }),
      openBrowserTab(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  const chat = () => page.getByRole('region', { name: 'AI chat' });
  const saved = () =>
    page
      .getByRole('status')
      .filter({ hasText: /^Saved$/ })
      .waitFor();

  it('signs up and creates a session', async () => {
    await signUp(page, server.url, barbara);
    await createSession(page, 'CLU compiler', 'clu, compilers');
    sessionUrl = page.url();
    await putFiles(page, sessionIdOf(sessionUrl), { 'src/app.ts': SAMPLE_FILES['src/app.ts'] ?? '' });
  });

  it('opens a file of the workspace, edits and saves it, and finds tab and state kept after a reload', async () => {
    await page.goto(sessionUrl);
    const explorer = await showView(page, 'Explorer');
    await explorer.getByRole('treeitem', { name: 'src' }).click();
    await explorer.getByRole('treeitem', { name: 'app.ts' }).click();
    const editor = page.getByRole('textbox', { name: 'Editor: src/app.ts' });
    await editor.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('// clusters yield\n');
    await page.getByRole('tab', { name: 'src/app.ts, unsaved changes' }).waitFor();
    await page.keyboard.press('Control+S');
    await page.getByRole('tab', { name: 'src/app.ts', exact: true }).waitFor();

    await showView(page, 'Session');
    await page.getByLabel('Breakpoint file').fill('src/app.ts');
    await page.getByLabel('Breakpoint line').fill('12');
    await page.getByRole('form', { name: 'Add a breakpoint' }).getByRole('button', { name: 'Add' }).click();
    await page.getByLabel('Add to decisions').fill('Iterators yield, never return lists');
    await page.getByLabel('Add to decisions').press('Enter');
    await saved();

    await page.reload();
    await page.getByRole('tab', { name: 'src/app.ts', exact: true }).waitFor();
    await expect
      .poll(() => page.getByRole('textbox', { name: 'Editor: src/app.ts' }).textContent())
      .toContain('// clusters yield');
    expect(await page.title()).toBe('app.ts — CLU compiler — Coditect');
    await showView(page, 'Session');
    expect(await page.getByRole('list', { name: 'Breakpoints' }).textContent()).toContain('src/app.ts:12');
    expect(await page.getByRole('list', { name: 'Decisions' }).textContent()).toContain('Iterators yield');
  });

  it('forks it, and the fork lists its parent as related', async () => {
    await showView(page, 'Session');
    await page.getByRole('button', { name: 'Fork' }).click();
    await expect.poll(() => page.getByLabel('Session name', { exact: true }).inputValue()).toBe('CLU compiler (fork)');
    expect(await page.getByRole('list', { name: 'Breakpoints' }).textContent()).toContain('src/app.ts:12');
    const related = page.getByRole('list', { name: 'Related sessions' });
    await related.getByRole('link', { name: 'CLU compiler' }).waitFor();
    expect(await related.textContent()).toContain('100%');
  });

  it('chats about the session: a streamed reply, then one stopped half-way and kept, marked', async () => {
    await page.goto(sessionUrl);
    await chat().getByRole('button', { name: 'New conversation' }).click();
    await chat().getByLabel('Conversation title').fill('Abstract data types');
    await chat().getByLabel('Conversation title').press('Enter');
    await chat().getByLabel('Model').locator('option', { hasText: 'fake-ok' }).waitFor({ state: 'attached' });
    await chat().getByLabel('Message', { exact: true }).fill('What is a cluster?');
    await chat().getByLabel('Message', { exact: true }).press('Enter');
    await chat().getByRole('article', { name: 'fake-ok says' }).getByText('You said: What is a cluster?').waitFor();

    await chat().getByLabel('Model').selectOption('fake-hold');
    await chat().getByLabel('Message', { exact: true }).fill('And an iterator?');
    await chat().getByLabel('Message', { exact: true }).press('Enter');
    const streaming = chat().getByRole('article', { name: 'fake-hold says' });
    await streaming.getByText('You said:').waitFor();
    // Stopped from the keyboard (Escape in the message box), as the Stop button would.
    await chat().getByRole('button', { name: 'Stop' }).waitFor();
    await chat().getByLabel('Message', { exact: true }).press('Escape');
    await streaming.getByText('interrupted', { exact: true }).waitFor();

    await page.reload();
    await chat().getByRole('article', { name: 'fake-hold says' }).getByText('interrupted', { exact: true }).waitFor();
    expect(await chat().getByRole('list', { name: 'Messages' }).getByRole('article').count()).toBe(4);
  });

  it('changes settings that apply at once and are still there after a reload', async () => {
    await page.keyboard.press('Control+,');
    await page.getByLabel('Font size').fill('18');
    const preview = page.getByTestId('editor-preview');
    await expect.poll(() => preview.evaluate((element) => getComputedStyle(element).fontSize)).toBe('18px');
    await page.getByRole('link', { name: 'Theme' }).click();
    await page.getByLabel('Color scheme').selectOption('light');
    const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await page.getByRole('status').filter({ hasText: 'Saved to your account' }).waitFor();
    await page.reload();
    await expect.poll(background).toBe('rgb(255, 255, 255)');
    await page.getByRole('link', { name: 'Editor' }).click();
    expect(await page.getByLabel('Font size').inputValue()).toBe('18');
  });

  it('changes the password, which signs out, and signs in again with the new one', async () => {
    await page.getByRole('link', { name: 'Profile' }).click();
    await page.getByLabel('Current password').fill(barbara.password);
    await page.getByLabel('New password', { exact: true }).fill('behavioural subtyping 94');
    await page.getByLabel('Confirm new password').fill('behavioural subtyping 94');
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signIn(page, barbara.email, 'behavioural subtyping 94');
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    await expect.poll(() => page.getByTestId('signed-in-user').textContent()).toBe('Barbara Liskov');
    // Still the user's settings after signing in again.
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(255, 255, 255)');
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
