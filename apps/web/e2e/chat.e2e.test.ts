// The session's AI chat in Chromium, against the real server and a local fake of an
// OpenAI-compatible provider: conversations, a streamed reply, Stop (the partial reply kept and
// marked), the model picker, older messages on scrolling up, rename/archive/delete, the narrow
// layout, and a clear banner — never an invented reply — when the provider is down.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFakeLlmProvider, type FakeLlmProvider } from '@coditect/server/test-support/fake-llm-provider';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { createSession, restAsUser, screenshot, signUp } from './support/page-helpers';

describe('AI chat beside a session', () => {
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
    await signUp(page, server.url, { first: 'Grace', last: 'Hopper', email: 'grace@example.com', password: 'compiler A-0 1952' });
    await createSession(page, 'cobol migration', 'cobol, compilers');
    sessionId = new URL(page.url()).pathname.split('/').pop()!;
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  const chat = () => page.getByRole('region', { name: 'AI chat' });
  const messages = () => chat().getByRole('list', { name: 'Messages' });
  const composer = () => chat().getByLabel('Message', { exact: true });

  async function startConversation(title: string) {
    await chat().getByRole('button', { name: 'New conversation' }).click();
    await chat().getByLabel('Conversation title').fill(title);
    await chat().getByRole('button', { name: 'Start' }).click();
    await chat().getByRole('heading', { name: title }).waitFor();
  }

  it('starts with no conversations, then starts one from the panel', async () => {
    await chat().getByText('No conversations yet').waitFor();
    await chat().getByRole('button', { name: 'New conversation' }).click();
    await chat().getByRole('button', { name: 'Start' }).click();
    await chat().getByText('Required').waitFor();
    await chat().getByLabel('Conversation title').fill('Parsing PICTURE clauses');
    await chat().getByRole('button', { name: 'Start' }).click();
    await chat().getByRole('heading', { name: 'Parsing PICTURE clauses' }).waitFor();
    expect(new URL(page.url()).searchParams.get('chat')).toMatch(/^[0-9a-f-]{36}$/);
    await chat().getByText('No messages yet').waitFor();
    // The model picker lists the provider's models.
    await expect
      .poll(() => chat().getByLabel('Model').locator('option').allTextContents())
      .toEqual(['fake-ok', 'fake-no-usage', 'fake-hold']);
  });

  it('sends a message and shows the streamed reply, both recorded with token counts', async () => {
    await composer().fill('How wide is PIC 9(5)V99?');
    await composer().press('Enter');
    const reply = messages().getByRole('article', { name: 'fake-ok says' });
    await reply.getByText('You said: How wide is PIC 9(5)V99?').waitFor();
    expect(await messages().getByRole('article', { name: 'You says' }).textContent()).toContain('How wide is PIC 9(5)V99?');
    // The fake reports usage, 10 per word-sized piece plus 1: 71 (not what a tokenizer would count).
    await expect.poll(() => reply.textContent()).toContain('71 tokens');
    await expect.poll(() => chat().getByTestId('conversation-counts').textContent()).toMatch(/^2 messages · \d+ tokens$/);
    expect(await composer().inputValue()).toBe('');
    expect(fake.completions.at(-1)?.body.messages.at(-1)?.content).toBe('How wide is PIC 9(5)V99?');
  });

  it('streams a reply in, stops it, and keeps the partial reply marked interrupted', async () => {
    await chat().getByLabel('Model').selectOption('fake-hold');
    await composer().fill('Explain COMP-3 packing');
    await chat().getByRole('button', { name: 'Send' }).click();
    const live = messages().getByRole('article', { name: 'fake-hold says' });
    await live.getByText('You said:').waitFor();
    await chat().getByRole('status').filter({ hasText: 'Replying…' }).waitFor();
    expect(await composer().isEditable()).toBe(true);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, 'chat-streaming');

    const upstream = fake.completions.at(-1)!;
    await chat().getByRole('button', { name: 'Stop' }).click();
    await chat().getByRole('button', { name: 'Send' }).waitFor();
    // Closing the subscription aborted the request to the provider.
    await upstream.closed;
    expect(upstream.finished).toBe(false);
    await live.getByText('interrupted', { exact: true }).waitFor();
    await expect.poll(() => chat().getByTestId('conversation-counts').textContent()).toMatch(/^4 messages/);

    // Kept on the server: a reload shows the same partial reply, still marked, and the model choice.
    await page.reload();
    const kept = messages().getByRole('article', { name: 'fake-hold says' });
    await kept.getByText('You said:').waitFor();
    expect(await kept.getByText('interrupted', { exact: true }).count()).toBe(1);
    expect(await chat().getByLabel('Model').inputValue()).toBe('fake-hold');
    await chat().getByLabel('Model').selectOption('fake-ok');
    // The reply renders as Markdown, its code highlighted like the editor's.
    await composer().fill(
      'A packed field:\n\n```python\ndef packed_size(digits: int) -> int:\n    return digits // 2 + 1  # sign nibble\n```',
    );
    await composer().press('Enter');
    const rendered = messages().getByRole('article', { name: 'fake-ok says' }).last();
    await rendered.locator('figure.code-block .syntax-keyword').first().waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, 'chat');
  });

  it('loads older messages as the reader scrolls up', async () => {
    const conversation = (await restAsUser(page, 'POST', '/conversations', {
      workspace_session_id: sessionId,
      title: 'Long history',
    })) as {
      conversation_id: string;
    };
    for (let index = 0; index < 45; index += 1) {
      await restAsUser(page, 'POST', `/conversations/${conversation.conversation_id}/messages`, {
        role: index % 2 === 0 ? 'User' : 'System',
        content: `history ${String(index).padStart(2, '0')}`,
      });
    }
    await page.goto(`${server.url}/sessions/${sessionId}?chat=${conversation.conversation_id}`);
    await messages().getByText('history 44').waitFor();
    // The newest 30 first; the oldest 15 only after scrolling up.
    expect(await messages().getByRole('article').count()).toBe(30);
    expect(await messages().getByText('history 14').count()).toBe(0);
    await chat()
      .getByRole('region', { name: 'Conversation' })
      .evaluate((element) => {
        element.scrollTop = 0;
      });
    await messages().getByText('history 00').waitFor();
    await chat().getByText('Start of the conversation').waitFor();
    expect(await messages().getByRole('article').count()).toBe(45);
    // The reader stays where they were: the message that was at the top is still in view.
    expect(await messages().getByText('history 15').isVisible()).toBe(true);
  });

  it('renames, archives (nothing can be sent), reactivates and deletes a conversation', async () => {
    await chat().getByRole('button', { name: 'Rename' }).click();
    await chat().getByLabel('Conversation title').fill('Long history, renamed');
    await chat().getByLabel('Conversation title').press('Enter');
    await chat().getByRole('heading', { name: 'Long history, renamed' }).waitFor();

    await chat().getByRole('button', { name: 'Archive' }).click();
    await chat().getByText('archived', { exact: true }).waitFor();
    expect(await composer().isDisabled()).toBe(true);
    expect(await composer().getAttribute('placeholder')).toContain('archived');
    await chat().getByRole('button', { name: 'Reactivate' }).click();
    await expect.poll(() => composer().isDisabled()).toBe(false);

    await chat().getByRole('button', { name: 'Delete…' }).click();
    await chat()
      .getByRole('group', { name: 'Confirm deleting the conversation' })
      .getByRole('button', { name: 'Delete' })
      .click();
    const list = chat().getByRole('list', { name: 'Conversations' });
    await list.getByText('Parsing PICTURE clauses').waitFor();
    expect(await list.getByText(/Long history/).count()).toBe(0);
    expect(await list.getByRole('button').first().textContent()).toContain('6 messages');
    expect(new URL(page.url()).searchParams.has('chat')).toBe(false);
  });

  it('lists a session’s conversations newest first, a page at a time', async () => {
    const other = (await restAsUser(page, 'POST', '/sessions', { name: 'many chats' })) as { session_id: string };
    for (let index = 0; index < 21; index += 1) {
      await restAsUser(page, 'POST', '/conversations', {
        workspace_session_id: other.session_id,
        title: `topic ${String(index).padStart(2, '0')}`,
      });
    }
    await page.goto(`${server.url}/sessions/${other.session_id}`);
    const list = chat().getByRole('list', { name: 'Conversations' });
    await list.getByRole('button', { name: /topic 20/ }).waitFor();
    expect(await list.getByRole('button').first().textContent()).toContain('topic 20');
    expect(await list.getByRole('button').count()).toBe(20);
    await chat().getByRole('button', { name: 'Load more' }).click();
    await list.getByRole('button', { name: /topic 00/ }).waitFor();
    expect(await list.getByRole('button').count()).toBe(21);
    expect(await chat().getByRole('button', { name: 'Load more' }).count()).toBe(0);
    await page.goto(`${server.url}/sessions/${sessionId}`);
  });

  it('is a drawer over the editor in an 800 px window', async () => {
    await page.setViewportSize({ width: 800, height: 800 });
    await expect.poll(() => chat().isVisible()).toBe(false);
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'AI chat' }).click();
    await chat()
      .getByRole('list', { name: 'Conversations' })
      .getByRole('button', { name: /Parsing PICTURE clauses/ })
      .click();
    await messages().getByText('You said: How wide is PIC 9(5)V99?').waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBe(0);
    await screenshot(page, 'chat-800px');
    await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'AI chat' }).click();
    await expect.poll(() => chat().isVisible()).toBe(false);
    // Wide again: docked beside the editor, as it was.
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect.poll(() => chat().isVisible()).toBe(true);
  });

  it('says plainly when the provider is down, keeps the user’s message and invents no reply', async () => {
    await chat().getByRole('button', { name: 'All conversations' }).click();
    await startConversation('While the model is away');
    await chat().getByLabel('Model').locator('option').first().waitFor({ state: 'attached' });
    await fake.close();

    await composer().fill('Are you there?');
    await composer().press('Enter');
    const banner = chat().getByRole('alert').filter({ hasText: 'The model provider is unavailable.' });
    await banner.waitFor();
    expect(await banner.textContent()).toContain('unreachable');
    await messages().getByRole('article', { name: 'You says' }).getByText('Are you there?').waitFor();
    expect(await messages().getByRole('article').count()).toBe(1);

    // A reload asks for the models again: the same banner, and nothing can be sent.
    await page.reload();
    await chat().getByRole('alert').filter({ hasText: 'The model provider is unavailable.' }).waitFor();
    expect(await composer().isDisabled()).toBe(true);
    expect(await messages().getByRole('article').count()).toBe(1);
    await screenshot(page, 'chat-provider-down');
  });

  it('logged no page errors', () => {
    expect(pageErrors).toEqual([]);
  });
});
