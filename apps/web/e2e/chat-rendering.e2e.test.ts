// Rendered replies in Chromium, against the real server and the fake provider (which answers
// "You said: <message>", so the message is the Markdown the reply carries): a table, a task list,
// a highlighted code fence and hostile HTML and links render safely; a code block is copied and
// applied to a workspace file through the diff, and a change made meanwhile is caught.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startFakeLlmProvider, type FakeLlmProvider } from '@coditect/server/test-support/fake-llm-provider';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { createSession, restAsUser, screenshot, signIn, signUp } from './support/page-helpers';
import { filesRoute, putFiles, sessionIdOf } from './support/sample-project';

const ORIGINAL = "export function main(): number {\n  console.log('hello');\n  return 0;\n}\n";
const PROPOSED = "export function main(): number {\n  console.log('hello, reader');\n  return 0;\n}";

const REPLY = [
  'Here is the change:',
  '',
  '| file | lines |',
  '| :--- | ---: |',
  '| src/app.ts | 4 |',
  '',
  '- [x] greet the reader',
  '- [ ] ~~print twice~~',
  '',
  '<img src=x onerror="window.__pwned = 1">',
  '',
  '[run me](javascript:window.__pwned=2) or [JaVa&#115;cript](JaVa&#115;cript:window.__pwned=3) and [the docs](https://example.com/docs)',
  '',
  '```ts src/app.ts',
  PROPOSED,
  '```',
].join('\n');

describe('rendered chat replies', () => {
  let fake: FakeLlmProvider;
  let server: AppServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[];
  let sessionId: string;

  beforeAll(async () => {
    fake = await startFakeLlmProvider();
    [server, { browser, context, page, pageErrors }] = await Promise.all([
      startAppServer({ env: { LLM_BASE_URL: fake.baseUrl, LLM_TIMEOUT: '5s' } }),
      openBrowserTab(),
    ]);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await signUp(page, server.url, {
      first: 'Ada',
      last: 'Lovelace',
      email: 'ada@example.com',
      password: 'analytical engine 1843',
    });
    await createSession(page, 'notes', 'engines');
    sessionId = sessionIdOf(page.url());
    await putFiles(page, sessionId, { 'src/app.ts': ORIGINAL });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  const chat = () => page.getByRole('region', { name: 'AI chat' });
  const reply = () => chat().getByRole('list', { name: 'Messages' }).getByRole('article', { name: 'fake-ok says' }).last();
  const readFile = async (path: string) =>
    ((await restAsUser(page, 'GET', filesRoute(sessionId, path))) as { content: string; etag: string }).content;

  async function send(text: string) {
    await chat().getByLabel('Message', { exact: true }).fill(text);
    await chat().getByRole('button', { name: 'Send' }).click();
  }

  it('renders a table, a task list and a highlighted fence, and nothing hostile runs', async () => {
    await chat().getByRole('button', { name: 'New conversation' }).click();
    await chat().getByLabel('Conversation title').fill('Greeting');
    await chat().getByRole('button', { name: 'Start' }).click();
    await chat().getByRole('heading', { name: 'Greeting' }).waitFor();
    await expect.poll(() => chat().getByLabel('Model').inputValue()).toBe('fake-ok');
    await send(REPLY);

    const block = reply().locator('figure.code-block');
    await block.locator('.syntax-keyword', { hasText: 'export' }).first().waitFor();
    expect(await block.locator('figcaption').textContent()).toContain('src/app.ts');
    expect(await block.locator('.syntax-string').first().textContent()).toBe("'hello, reader'");
    expect(await reply().locator('table th').allTextContents()).toEqual(['file', 'lines']);
    expect(await reply().locator('td.align-right').textContent()).toBe('4');
    const boxes = reply().locator('li.task-list-item input[type=checkbox]');
    expect(await boxes.count()).toBe(2);
    expect([await boxes.nth(0).isChecked(), await boxes.nth(1).isChecked()]).toEqual([true, false]);
    expect(await reply().locator('li.task-list-item del').textContent()).toBe('print twice');

    // The hostile parts are text; the one http link opens in a new tab with no opener.
    await reply().getByText('<img src=x onerror="window.__pwned = 1">').waitFor();
    const links = reply().locator('.markdown a');
    expect(await links.count()).toBe(1);
    expect(await links.getAttribute('href')).toBe('https://example.com/docs');
    expect(await links.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await links.getAttribute('target')).toBe('_blank');
    const unsafe = await chat().evaluate((root) =>
      [...root.querySelectorAll('*')].flatMap((element) => [
        ...element.getAttributeNames().filter((name) => name.startsWith('on')),
        ...['href', 'src'].filter((name) => /^\s*(javascript|vbscript|data):/i.test(element.getAttribute(name) ?? '')),
        ...(['IMG', 'SCRIPT', 'IFRAME'].includes(element.tagName) ? [element.tagName] : []),
      ]),
    );
    expect(unsafe).toEqual([]);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(pageErrors).toEqual([]);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, 'chat-rendered');
  });

  it('copies a code block and a whole message', async () => {
    await reply().getByRole('button', { name: 'Copy code' }).click();
    await reply().getByRole('button', { name: 'Copy code' }).getByText('Copied').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(PROPOSED);
    await reply().getByRole('button', { name: 'Copy message' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(`You said: ${REPLY}`);
  });

  it('applies a code block to the file it names through the diff', async () => {
    await reply().getByRole('button', { name: 'Apply to file' }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply to file' });
    await dialog.getByText('Left: src/app.ts now. Right: after applying.').waitFor();
    await dialog.getByTestId('diff-view').locator('.cm-mergeView').waitFor();
    const sides = await dialog
      .getByTestId('diff-view')
      .evaluate((host) => [...host.shadowRoot!.querySelectorAll('.cm-content')].map((side) => (side as HTMLElement).innerText));
    expect(sides[0]).toContain("console.log('hello');");
    expect(sides[1]).toContain("console.log('hello, reader');");
    await screenshot(page, 'chat-apply-diff');
    await dialog.getByRole('button', { name: 'Apply to src/app.ts' }).click();
    await chat().getByRole('status').filter({ hasText: 'Applied to src/app.ts' }).waitFor();
    expect(await dialog.count()).toBe(0);
    expect(await readFile('src/app.ts')).toBe(`${PROPOSED}\n`);
    // The file opens in the editor with what was written.
    await page.getByRole('tab', { name: /app\.ts/ }).waitFor();
  });

  it('writes nothing over a change made after the diff was shown, and shows the new diff', async () => {
    await send('Then:\n\n```ts\n// file: src/app.ts\nexport const version = 2;\n```');
    await reply().getByText('export const version = 2;').waitFor();
    await reply().getByRole('button', { name: 'Apply to file' }).click();
    const dialog = page.getByRole('dialog', { name: 'Apply to file' });
    await dialog.getByRole('button', { name: 'Apply to src/app.ts' }).waitFor();
    await putFiles(page, sessionId, { 'src/app.ts': 'export const version = 1;\n' });
    await dialog.getByRole('button', { name: 'Apply to src/app.ts' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'src/app.ts changed since the difference was shown.' }).waitFor();
    expect(await readFile('src/app.ts')).toBe('export const version = 1;\n');
    await expect
      .poll(() =>
        dialog
          .getByTestId('diff-view')
          .evaluate((host) => (host.shadowRoot!.querySelector('.cm-content') as HTMLElement).innerText),
      )
      .toContain('export const version = 1;');
    await dialog.getByRole('button', { name: 'Apply to src/app.ts' }).click();
    await chat().getByRole('status').filter({ hasText: 'Applied to src/app.ts' }).waitFor();
    // The "// file:" line named the file; it is not written into it.
    expect(await readFile('src/app.ts')).toBe('export const version = 2;\n');
    expect(pageErrors).toEqual([]);
  });

  it('renders the reply at 390 px without widening the page', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true });
    const tab = await phone.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.goto(page.url());
    await signIn(tab, 'ada@example.com', 'analytical engine 1843');
    await tab.getByRole('button', { name: 'AI chat' }).click();
    const phoneChat = tab.getByRole('region', { name: 'AI chat' });
    await phoneChat.locator('figure.code-block .syntax-keyword').first().waitFor();
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phoneChat.locator('table').scrollIntoViewIfNeeded();
    await screenshot(tab, 'chat-rendered-390px');
    await phone.close();
    expect(pageErrors).toEqual([]);
  });
});
