// The Agent panel in Chromium, against the real server and the local fake provider playing
// scripted tool-call conversations: a task's streamed timeline, a write approved with the keyboard
// (the open editor shows the new text), a write denied with feedback, a question answered, a
// long turn cancelled, the history, and the server's own message for a task it refuses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFakeLlmProvider, type FakeLlmProvider } from '@coditect/server/test-support/fake-llm-provider';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { createSession, restAsUser, screenshot, showView, signIn, signUp } from './support/page-helpers';

const APP_TS = 'export const greeting = "hello";\nexport const answer = 41;\n';
const call = (name: string, args: unknown) => ({ name, arguments: JSON.stringify(args) });

describe('Agent panel', () => {
  let fake: FakeLlmProvider;
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let sessionUrl: string;
  const person = { first: 'Ada', last: 'Lovelace', email: 'ada@example.com', password: 'analytical engine 1843' };

  beforeAll(async () => {
    fake = await startFakeLlmProvider();
    // Listed by the fake's /v1/models, so the panel's model picker offers them.
    fake.scripts.set('approve-write', [
      {
        content: 'I will set the answer to 42.',
        tool_calls: [call('write_file', { path: 'src/app.ts', content: APP_TS.replace('41', '42') })],
      },
      { tool_calls: [call('attempt_completion', { result: 'The answer is 42 now.' })] },
    ]);
    fake.scripts.set('deny-write', [
      { tool_calls: [call('write_file', { path: 'src/app.ts', content: 'export const answer = 0;\n' })] },
      { content: 'Understood, leaving it.', tool_calls: [call('attempt_completion', { result: 'Nothing changed.' })] },
    ]);
    fake.scripts.set('ask', [
      {
        tool_calls: [
          call('ask_followup_question', { question: 'Which constant should change?', suggestions: ['answer', 'greeting'] }),
        ],
      },
      { tool_calls: [call('attempt_completion', { result: 'Noted.' })] },
    ]);
    fake.scripts.set('restore-write', [
      { tool_calls: [call('write_file', { path: 'src/app.ts', content: APP_TS.replace('41', '43') })] },
      { tool_calls: [call('attempt_completion', { result: 'The answer is 43 now.' })] },
    ]);
    fake.scripts.set('long-turn', [{ content: 'Thinking it over', hold: true }]);
    fake.scripts.set('screenshot', [
      {
        content: 'The greeting should be friendlier.',
        tool_calls: [
          call('write_file', { path: 'src/app.ts', content: APP_TS.replace('hello', 'hello, world').replace('41', '42') }),
        ],
      },
    ]);
    [server, { browser, page, pageErrors }] = await Promise.all([
      startAppServer({ env: { LLM_BASE_URL: fake.baseUrl, LLM_TIMEOUT: '30s', RATE_LIMIT_TASKS: '100/1m' } }),
      openBrowserTab(),
    ]);
    await signUp(page, server.url, person);
    await createSession(page, 'answer engine', 'agent');
    sessionUrl = page.url().split('?')[0]!;
    const sessionId = new URL(sessionUrl).pathname.split('/').pop()!;
    await restAsUser(page, 'PUT', `/sessions/${sessionId}/files/src/app.ts`, { content: APP_TS });
    const explorer = await showView(page, 'Explorer');
    await explorer.getByRole('treeitem', { name: 'src' }).click();
    await explorer.getByRole('treeitem', { name: 'app.ts' }).click();
    await editor().getByText('answer = 41').waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await fake?.close();
  });

  const editor = () => page.getByRole('textbox', { name: 'Editor: src/app.ts' });
  const agent = () => page.getByRole('region', { name: 'Agent' });
  const timeline = () => agent().getByRole('region', { name: 'Task timeline' });
  const state = () => agent().getByRole('status').textContent();

  async function startTask(input: string, model: string, mode = 'code') {
    await page.getByRole('group', { name: 'Assistant' }).getByRole('button', { name: 'Agent' }).click();
    await agent().getByRole('button', { name: 'New task' }).click();
    await agent().getByLabel('Task', { exact: true }).fill(input);
    await agent().getByLabel('Mode', { exact: true }).selectOption(mode);
    await agent().getByLabel('Model', { exact: true }).selectOption(`fake-script:${model}`);
    await agent().getByRole('button', { name: 'Start task' }).click();
    await timeline().getByText(input).waitFor();
  }

  it('shows the server’s message for an empty or over-long task, and starts none', async () => {
    await page.getByRole('group', { name: 'Assistant' }).getByRole('button', { name: 'Agent' }).click();
    expect(new URL(page.url()).searchParams.get('assistant')).toBe('agent');
    await agent().getByRole('button', { name: 'Start task' }).click();
    await agent().getByText('Required', { exact: true }).waitFor();
    await agent().getByLabel('Task', { exact: true }).fill('x'.repeat(10_001));
    await agent().getByRole('button', { name: 'Start task' }).click();
    await agent()
      .getByText(/10000|10,000/)
      .waitFor();
    expect(await agent().getByLabel('Task', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await agent().getByRole('button', { name: 'History' }).click();
    await agent().getByText('No tasks yet').waitFor();
  });

  it('streams a task’s timeline, waits with the diff, approves with Ctrl+Enter, and the open editor shows the write', async () => {
    await startTask('Make the answer 42', 'approve-write');
    await timeline().getByText('I will set the answer to 42.').waitFor();
    const write = timeline().getByRole('article', { name: 'write_file call' });
    await write.getByText('waiting for approval').waitFor();
    expect(await write.getByLabel('Arguments').textContent()).toContain('path: src/app.ts');
    const diff = write.getByLabel('Proposed change');
    expect(await diff.locator('[data-kind="removed"]').allTextContents()).toEqual(['-export const answer = 41;\n']);
    expect(await diff.locator('[data-kind="added"]').allTextContents()).toEqual(['+export const answer = 42;\n']);
    expect(await state()).toBe('Waiting for approval');
    const approval = agent().getByRole('region', { name: 'Approval needed' });
    expect(await approval.textContent()).toContain('Ctrl+Enter (⌘+Enter on a Mac) approves, Esc denies');
    // The editor still has the old text: nothing is written before the approval.
    expect(await editor().textContent()).toContain('answer = 41');

    await approval.focus();
    await page.keyboard.press('Control+Enter');
    await timeline().getByRole('article', { name: 'Task completed' }).getByText('The answer is 42 now.').waitFor();
    expect(await write.getByText('done', { exact: true }).count()).toBe(1);
    expect(await write.getByLabel('Result').textContent()).toContain('Wrote src/app.ts');
    await expect.poll(() => editor().textContent(), { timeout: 15_000 }).toContain('answer = 42');
    expect(await state()).toBe('Completed');
    // The fake reports 51 completion tokens a turn; two turns.
    expect(await agent().getByTestId('task-usage').textContent()).toMatch(/^\d+ in · 102 out tokens$/);
  });

  it('denies a write with Esc and feedback: the model is told, nothing is written', async () => {
    await startTask('Zero the answer', 'deny-write');
    const approval = agent().getByRole('region', { name: 'Approval needed' });
    await approval.waitFor();
    await approval.getByLabel('Feedback for the agent').fill('keep it at 42');
    await page.keyboard.press('Escape');
    await timeline().getByRole('article', { name: 'Task completed' }).waitFor();
    const write = timeline().getByRole('article', { name: 'write_file call' });
    expect(await write.getByText('denied', { exact: true }).count()).toBe(1);
    expect(await write.textContent()).toContain('Denied: keep it at 42');
    const told = fake.completions.filter((completion) => completion.body.model === 'fake-script:deny-write').at(-1)!;
    expect(told.body.messages.at(-1)?.content).toBe('The user denied this operation. Their feedback: keep it at 42');
    expect(await editor().textContent()).toContain('answer = 42');
  });

  it('answers the model’s question with a suggestion', async () => {
    await startTask('Change a constant', 'ask', 'ask');
    const question = agent().getByRole('region', { name: 'Question from the agent' });
    await question.getByText('Which constant should change?').waitFor();
    expect(await state()).toBe('Waiting for your answer');
    await question.getByRole('button', { name: 'greeting' }).click();
    await timeline().getByText('You answered: greeting').waitFor();
    await timeline().getByRole('article', { name: 'Task completed' }).getByText('Noted.').waitFor();
    expect(await question.count()).toBe(0);
  });

  it('cancels a task in the middle of a model turn', async () => {
    await startTask('Think for a long time', 'long-turn');
    await expect.poll(() => state()).toBe('Running');
    await expect.poll(() => fake.completions.some((completion) => completion.body.model === 'fake-script:long-turn')).toBe(true);
    await agent().getByRole('button', { name: 'Cancel' }).click();
    await timeline().getByRole('article', { name: 'Task cancelled' }).waitFor();
    expect(await state()).toBe('Cancelled');
    expect(await agent().getByRole('button', { name: 'Cancel' }).count()).toBe(0);
  });

  it('lists the tasks newest first, opens an old one’s timeline, and deletes one', async () => {
    await agent().getByRole('button', { name: 'History' }).click();
    const tasks = agent().getByRole('list', { name: 'Tasks' });
    await expect
      .poll(() => tasks.locator('.agent-history-input').allTextContents())
      .toEqual(['Think for a long time', 'Change a constant', 'Zero the answer', 'Make the answer 42']);
    await tasks.getByRole('button', { name: /^Make the answer 42/ }).click();
    await timeline().getByText('I will set the answer to 42.').waitFor();
    expect(await timeline().getByRole('article', { name: 'write_file call' }).getByText('Approved').count()).toBe(1);

    await agent().getByRole('button', { name: 'History' }).click();
    await tasks.getByRole('button', { name: 'Delete task: Think for a long time' }).click();
    await expect.poll(() => tasks.locator('.agent-history-input').count()).toBe(3);
    // Reloaded, the history is the server's.
    await page.reload();
    await expect.poll(() => tasks.locator('.agent-history-input').count()).toBe(3);
    expect(pageErrors).toEqual([]);
  });

  it('restores the checkpoint saved before an approved write: the open editor shows the file as it was', async () => {
    await startTask('Make the answer 43', 'restore-write');
    const approval = agent().getByRole('region', { name: 'Approval needed' });
    await approval.waitFor();
    await approval.getByRole('button', { name: 'Approve' }).click();
    await timeline().getByRole('article', { name: 'Task completed' }).waitFor();
    await expect.poll(() => editor().textContent(), { timeout: 15_000 }).toContain('answer = 43');
    const checkpoint = timeline().getByRole('article', { name: 'Checkpoint' });
    expect(await checkpoint.textContent()).toContain('Checkpoint before write_file (step 1)');
    await checkpoint.getByRole('button', { name: 'Restore…' }).click();
    await checkpoint.getByRole('button', { name: 'Restore files' }).click();
    await checkpoint.getByText('Restored 1 file.').waitFor();
    await expect.poll(() => editor().textContent(), { timeout: 15_000 }).toContain('answer = 42');
    expect(pageErrors).toEqual([]);
  });

  it('screenshots a pending approval at 1280 px and on a 390 px phone', async () => {
    await startTask('Make the greeting friendlier', 'screenshot');
    await agent().getByRole('region', { name: 'Approval needed' }).waitFor();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await screenshot(page, 'agent-approval');
    const taskUrl = page.url();

    const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true });
    const tab = await phone.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.goto(taskUrl);
    await signIn(tab, person.email, person.password);
    await tab.getByRole('button', { name: 'AI chat' }).click();
    const approval = tab.getByRole('region', { name: 'Approval needed' });
    await approval.waitFor();
    expect(await tab.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    expect(await approval.getByRole('button', { name: 'Approve' }).isVisible()).toBe(true);
    await screenshot(tab, 'agent-approval-390px');
    await phone.close();
    expect(pageErrors).toEqual([]);
  });
});
