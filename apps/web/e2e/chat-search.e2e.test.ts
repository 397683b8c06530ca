// Chat search, export and import in Chromium against the real server: a word is found across
// conversations with its matches marked (as text, never markup), a result far back in a long
// conversation opens that conversation at the message, and a conversation exported as JSON comes
// back through Import as a new conversation with the same messages; a bad file says why.
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TConversation, TConversationExport, TListMessagesResponse } from '@coditect/api/contract';
import { startFakeLlmProvider, type FakeLlmProvider } from '@coditect/server/test-support/fake-llm-provider';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { createSession, restAsUser, screenshot, signIn, signUp } from './support/page-helpers';

const LONG_TITLE = 'Mainframe history';
/** The message search must find: far from the newest page (120 messages, 30 a page). */
const TARGET_SEQ = 40;

function seededExport(title: string, contents: string[]): TConversationExport {
  const start = Date.parse('2026-11-02T09:00:00Z');
  return {
    format: 'coditect.conversation',
    version: 1,
    conversation: {
      title,
      description: null,
      ai_provider: 'lmstudio',
      tags: [],
      summary: null,
      created_at: new Date(start).toISOString(),
    },
    messages: contents.map((content, index) => ({
      role: index % 2 === 0 ? 'User' : 'Assistant',
      content,
      model: index % 2 === 0 ? null : 'fake-ok',
      interrupted: false,
      created_at: new Date(start + index * 60_000).toISOString(),
    })),
  };
}

describe('searching, exporting and importing chat conversations', () => {
  let fake: FakeLlmProvider;
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let sessionId: string;
  let longId: string;

  beforeAll(async () => {
    fake = await startFakeLlmProvider();
    [server, { browser, page, pageErrors }] = await Promise.all([
      startAppServer({ env: { LLM_BASE_URL: fake.baseUrl, LLM_TIMEOUT: '5s' } }),
      openBrowserTab(),
    ]);
    await signUp(page, server.url, {
      first: 'Jean',
      last: 'Sammet',
      email: 'jean@example.com',
      password: 'common business 1959',
    });
    await createSession(page, 'cobol history', 'cobol');
    sessionId = new URL(page.url()).pathname.split('/').pop()!;
    const long = Array.from({ length: 120 }, (_, index) => `history note ${index}`);
    long[TARGET_SEQ] = 'The <b>zirconium</b> drum held the PICTURE clause tables';
    const seeded = [
      seededExport(LONG_TITLE, long),
      seededExport('Report writer', ['How does the report writer page?', 'Each zirconium page break is declared.']),
      seededExport('Unrelated', ['Nothing to find here', 'Indeed nothing']),
    ];
    for (const conversation of seeded) {
      const made = (await restAsUser(page, 'POST', '/conversations/import', {
        workspace_session_id: sessionId,
        conversation,
      })) as TConversation;
      if (conversation.conversation.title === LONG_TITLE) longId = made.conversation_id;
    }
    await page.reload();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  const chat = () => page.getByRole('region', { name: 'AI chat' });
  const searchBox = () => chat().getByRole('searchbox', { name: 'Search messages' });
  const results = () => chat().getByRole('list', { name: 'Search results' });
  const messages = () => chat().getByRole('list', { name: 'Messages' });

  it('says what to type for a query without a word to search', async () => {
    await chat().getByRole('list', { name: 'Conversations' }).waitFor();
    await searchBox().fill('a');
    await chat().getByText('Type a word of at least two letters or digits').waitFor();
    await searchBox().fill('qqqxxyyzz');
    await chat().getByText('No messages hold every word.').waitFor();
  });

  it('finds a word across conversations and marks it in each snippet, as text', async () => {
    await searchBox().fill('zirconium');
    await expect.poll(() => results().getByRole('button').count()).toBe(2);
    const hit = results().getByRole('button', { name: new RegExp(LONG_TITLE) });
    expect(await hit.textContent()).toContain('The <b>zirconium</b> drum');
    expect(await hit.locator('mark').allTextContents()).toEqual(['zirconium']);
    expect(await hit.locator('b').count()).toBe(0);
    expect(await hit.textContent()).toContain('You');
    expect(
      await results()
        .getByRole('button', { name: /Report writer/ })
        .locator('mark')
        .allTextContents(),
    ).toEqual(['zirconium']);
    // Every word must be in the message.
    await searchBox().fill('zirconium drum');
    await expect.poll(() => results().getByRole('button').count()).toBe(1);
    await screenshot(page, 'chat-search');
  });

  it('opens a result far back in a long conversation at its message, marked', async () => {
    await results()
      .getByRole('button', { name: new RegExp(LONG_TITLE) })
      .click();
    await chat().getByRole('heading', { name: LONG_TITLE }).waitFor();
    expect(new URL(page.url()).searchParams.get('chat')).toBe(longId);
    const target = messages().getByRole('article').filter({ hasText: 'zirconium' });
    await target.waitFor();
    await expect.poll(() => messages().locator('li.message-focused').count()).toBe(1);
    // In view inside the message scroller, though the newest messages loaded after it.
    await messages().getByText('history note 119').waitFor();
    const scroller = await chat().getByRole('region', { name: 'Conversation' }).boundingBox();
    const box = await target.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(scroller!.y);
    expect(box!.y + box!.height).toBeLessThanOrEqual(scroller!.y + scroller!.height);
    // Older pages are still there to load, from the page that holds it.
    expect(await messages().getByText('history note 0', { exact: true }).count()).toBe(0);
    await chat().getByRole('button', { name: 'Load older messages' }).waitFor();
    // Back to the list: the search is still there.
    await chat().getByRole('button', { name: 'All conversations' }).click();
    expect(await searchBox().inputValue()).toBe('zirconium drum');
    await searchBox().press('Escape');
    await chat().getByRole('list', { name: 'Conversations' }).waitFor();
  });

  it('exports a conversation as JSON and imports it back as a new one with the same messages', async () => {
    await chat()
      .getByRole('list', { name: 'Conversations' })
      .getByRole('button', { name: new RegExp(LONG_TITLE) })
      .click();
    await chat().getByRole('heading', { name: LONG_TITLE }).waitFor();
    await chat().getByRole('button', { name: 'Export…' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), chat().getByRole('button', { name: 'JSON' }).click()]);
    expect(download.suggestedFilename()).toMatch(/\.json$/);
    const path = await download.path();
    const exported = JSON.parse(await readFile(path, 'utf8')) as TConversationExport;
    expect(exported.format).toBe('coditect.conversation');
    expect(exported.messages).toHaveLength(120);

    // The menu closes after a download.
    await chat().getByRole('button', { name: 'Export…' }).click();
    const [markdown] = await Promise.all([
      page.waitForEvent('download'),
      chat().getByRole('button', { name: 'Markdown' }).click(),
    ]);
    expect(await readFile(await markdown.path(), 'utf8')).toContain('The <b>zirconium</b> drum');

    await chat().getByRole('button', { name: 'All conversations' }).click();
    await chat().getByLabel('Conversation file to import').setInputFiles(path);
    await expect.poll(() => new URL(page.url()).searchParams.get('chat')).not.toBe(null);
    const importedId = new URL(page.url()).searchParams.get('chat')!;
    expect(importedId).not.toBe(longId);
    await chat().getByRole('heading', { name: LONG_TITLE }).waitFor();
    await expect.poll(() => chat().getByTestId('conversation-counts').textContent()).toMatch(/^120 messages/);
    const contents = async (id: string) =>
      ((await restAsUser(page, 'GET', `/conversations/${id}/messages?offset=0&limit=200`)) as TListMessagesResponse).messages.map(
        (message) => [message.role, message.content],
      );
    expect(await contents(importedId)).toEqual(await contents(longId));
  });

  it("shows the server's answer for a file that is not an export, and says when it is not JSON", async () => {
    await chat().getByRole('button', { name: 'All conversations' }).click();
    const picker = chat().getByLabel('Conversation file to import');
    await picker.setInputFiles({ name: 'wrong.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"other"}') });
    const alert = chat().getByRole('alert');
    await expect
      .poll(() => alert.textContent())
      .toMatch(/^Import failed: the file is not a conversation export \(format: .*expected "coditect\.conversation"/);
    await picker.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just text') });
    await expect
      .poll(() => alert.textContent())
      .toBe('Import failed: notes.txt is not JSON: choose a conversation exported as JSON.');
  });

  it('shows search results at 390 px without widening the page', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true });
    const tab = await phone.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.goto(page.url());
    await signIn(tab, 'jean@example.com', 'common business 1959');
    await tab.getByRole('button', { name: 'AI chat' }).click();
    const phoneChat = tab.getByRole('region', { name: 'AI chat' });
    await phoneChat.getByRole('searchbox', { name: 'Search messages' }).fill('zirconium');
    await expect.poll(() => phoneChat.getByRole('list', { name: 'Search results' }).getByRole('button').count()).toBe(3);
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(tab, 'chat-search-390px');
    await phone.close();
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
