// Regenerate, edit and resend, @file mentions and "Ask AI about the selection" in Chromium, against
// the real server and the fake provider (which answers "You said: <message>").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFakeLlmProvider, type FakeLlmProvider } from '@coditect/server/test-support/fake-llm-provider';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { createSession, restAsUser, screenshot, showView, signIn, signUp } from './support/page-helpers';
import { putFiles, sessionIdOf } from './support/sample-project';

const APP_TS = "export function main(): number {\n  console.log('hello');\n  return 0;\n}\n";

describe('chat: regenerate, edit, mentions, selection', () => {
  let fake: FakeLlmProvider;
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let sessionId: string;

  beforeAll(async () => {
    fake = await startFakeLlmProvider();
    [server, { browser, page, pageErrors }] = await Promise.all([
      startAppServer({ env: { LLM_BASE_URL: fake.baseUrl, LLM_TIMEOUT: '5s' } }),
      openBrowserTab(),
    ]);
    await signUp(page, server.url, { first: 'Grace', last: 'Hopper', email: 'grace@example.com', password: 'compiler a-0 1952' });
    await createSession(page, 'cobol', 'compilers');
    sessionId = sessionIdOf(page.url());
    await putFiles(page, sessionId, { 'src/app.ts': APP_TS, 'docs/guide.md': '# Guide\n' });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  const chat = () => page.getByRole('region', { name: 'AI chat' });
  const messages = () => chat().getByRole('list', { name: 'Messages' });
  const composer = () => chat().getByLabel('Message', { exact: true });
  // Each message's text as shown, without the folded "Sent with this turn" details.
  const texts = () =>
    messages()
      .locator('.message-content')
      .evaluateAll((contents) =>
        contents.map((content) => {
          const copy = content.cloneNode(true) as HTMLElement;
          copy.querySelectorAll('details').forEach((details) => details.remove());
          return (copy.textContent ?? '').trim();
        }),
      );
  const idle = () => chat().getByRole('button', { name: 'Send' }).waitFor();

  async function send(text: string) {
    await composer().fill(text);
    await composer().press('Enter');
    await messages().getByText(`You said: ${text}`).waitFor();
    await idle();
  }

  it('regenerates the last reply in place', async () => {
    await chat().getByRole('button', { name: 'New conversation' }).click();
    await chat().getByLabel('Conversation title').fill('Edits');
    await chat().getByRole('button', { name: 'Start' }).click();
    await chat().getByRole('heading', { name: 'Edits' }).waitFor();
    await expect.poll(() => chat().getByLabel('Model').inputValue()).toBe('fake-ok');
    await send('first question');
    const requests = fake.completions.length;
    const reply = messages().getByRole('article', { name: 'fake-ok says' }).last();
    const before = await reply.locator('time').getAttribute('datetime');
    // Only the last reply offers it.
    expect(await messages().getByRole('button', { name: 'Regenerate' }).count()).toBe(1);
    await reply.getByRole('button', { name: 'Regenerate' }).click();
    await expect.poll(() => fake.completions.length).toBe(requests + 1);
    await idle();
    await expect.poll(texts).toEqual(['first question', 'You said: first question']);
    expect(fake.completions.at(-1)!.body.messages.at(-1)).toEqual({ role: 'user', content: 'first question' });
    await expect.poll(() => reply.locator('time').getAttribute('datetime')).not.toBe(before);
    expect(pageErrors).toEqual([]);
  });

  it('edits a sent message and resends it, replacing everything after it', async () => {
    await send('second question');
    const first = messages().getByRole('article', { name: 'You says' }).first();
    await first.getByRole('button', { name: 'Edit' }).click();
    const editor = first.getByLabel('Edited message');
    expect(await editor.inputValue()).toBe('first question');
    // Escape leaves it as it was.
    await editor.press('Escape');
    await first.getByRole('button', { name: 'Edit' }).click();
    await first.getByLabel('Edited message').fill('a better question');
    await first.getByLabel('Edited message').press('Enter');
    await messages().getByText('You said: a better question').waitFor();
    await idle();
    await expect.poll(texts).toEqual(['a better question', 'You said: a better question']);
    // The server holds the same line of conversation.
    const conversationId = new URL(page.url()).searchParams.get('chat')!;
    const stored = (await restAsUser(page, 'GET', `/conversations/${conversationId}/messages`)) as {
      messages: Array<{ content: string }>;
    };
    expect(stored.messages.map((message) => message.content)).toEqual(['a better question', 'You said: a better question']);
  });

  it('completes an @mention from the workspace and shows what was sent with the reply', async () => {
    await composer().fill('What does @app');
    const options = chat().getByRole('listbox', { name: 'Files' }).getByRole('option');
    await options.filter({ hasText: 'src/app.ts' }).waitFor();
    await screenshot(page, 'chat-mention');
    await composer().press('Enter');
    expect(await composer().inputValue()).toBe('What does @src/app.ts ');
    await composer().pressSequentially('do?');
    await composer().press('Enter');
    await messages().getByText('You said: What does @src/app.ts do?').waitFor();
    await idle();
    const system = String(fake.completions.at(-1)!.body.messages[0]!.content);
    expect(system).toContain('### src/app.ts (mentioned by the user)');
    const details = messages().getByRole('article', { name: 'fake-ok says' }).last().locator('details.sent-context');
    await details.locator('summary').click();
    expect(await details.innerText()).toContain('src/app.ts (mentioned)');
    await screenshot(page, 'chat-sent-context');
  });

  it('asks about the editor’s selection from the command, and sends it with the next message', async () => {
    const explorer = await showView(page, 'Explorer');
    await explorer.getByRole('treeitem', { name: 'src' }).click();
    await explorer.getByRole('treeitem', { name: 'app.ts' }).click();
    const editor = page.getByRole('textbox', { name: 'Editor: src/app.ts' });
    await editor.getByText("console.log('hello');").click();
    // Selects the whole line (CodeMirror's selectLine), up to the start of the next.
    await page.keyboard.press('Control+l');
    await page.keyboard.press('Control+Alt+A');
    const chip = chat().getByRole('group', { name: 'Selection to ask about' });
    await chip.waitFor();
    expect(await chip.innerText()).toContain('Asking about src/app.ts line 2');
    await composer().fill('Is this logging needed?');
    await composer().press('Enter');
    await messages().getByText('You said: Is this logging needed?').waitFor();
    await idle();
    expect(await chip.count()).toBe(0);
    const system = String(fake.completions.at(-1)!.body.messages[0]!.content);
    expect(system).toContain("The user asks about this selection, line 2 of src/app.ts:\n```\n  console.log('hello');\n```");
    const details = messages().getByRole('article', { name: 'fake-ok says' }).last().locator('details.sent-context');
    await details.locator('summary').click();
    expect(await details.innerText()).toContain('Selection: src/app.ts line 2');
    expect(pageErrors).toEqual([]);
  });

  it('has the model summarise the conversation, shown under its title and in the list', async () => {
    const requests = fake.completions.length;
    await chat().getByRole('button', { name: 'Summarise' }).click();
    const summary = chat().getByLabel('Summary');
    await summary.waitFor();
    expect(fake.completions.length).toBe(requests + 1);
    // The fake answers "You said: <the transcript it was sent>".
    expect(await summary.innerText()).toMatch(/^You said: /);
    await chat().getByRole('button', { name: 'All conversations' }).click();
    const row = chat().getByRole('button', { name: /Edits/ });
    expect(await row.locator('.conversation-summary').innerText()).toMatch(/^You said: /);
    await screenshot(page, 'chat-summary-list');
    await row.click();
    await chat().getByRole('heading', { name: 'Edits' }).waitFor();
  });

  it('at 390 px: editing a message and completing a mention fit the phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true });
    const tab = await phone.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.goto(page.url().replace(/\?.*$/, '') + '?chat=' + new URL(page.url()).searchParams.get('chat'));
    await signIn(tab, 'grace@example.com', 'compiler a-0 1952');
    await tab.getByRole('button', { name: 'AI chat' }).click();
    const phoneChat = tab.getByRole('region', { name: 'AI chat' });
    const first = phoneChat.getByRole('article', { name: 'You says' }).first();
    await first.getByRole('button', { name: 'Edit' }).click();
    await first.getByLabel('Edited message').waitFor();
    await phoneChat.getByLabel('Message', { exact: true }).fill('see @guide');
    await phoneChat.getByRole('listbox', { name: 'Files' }).getByRole('option', { name: 'docs/guide.md' }).waitFor();
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(tab, 'chat-edit-mention-390px');
    await phone.close();
    expect(pageErrors).toEqual([]);
  });
});
