// Model providers in Chromium: the Admin adds the organisation's own provider in the Profile (its key
// written once, never shown), a new conversation picks it, and the reply comes from it — the
// server's default provider receives nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startFakeLlmProvider, type FakeLlmProvider } from '@coditect/server/test-support/fake-llm-provider';
import { startAppServer, type AppServer } from '../test-support/app-server';
import { openBrowserTab } from './support/browser';
import { createSession, screenshot, signIn, signUp } from './support/page-helpers';

describe('model providers', () => {
  let serverDefault: FakeLlmProvider;
  let team: FakeLlmProvider;
  let server: AppServer;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    [serverDefault, team] = await Promise.all([startFakeLlmProvider(), startFakeLlmProvider()]);
    [server, { browser, page, pageErrors }] = await Promise.all([
      startAppServer({
        env: { LLM_BASE_URL: serverDefault.baseUrl, LLM_TIMEOUT: '5s', LLM_TENANT_ALLOWED_NETWORKS: '127.0.0.1' },
      }),
      openBrowserTab(),
    ]);
    await signUp(page, server.url, {
      first: 'Ada',
      last: 'Byron',
      email: 'ada.byron@example.com',
      password: 'notes on the engine 1843',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await Promise.all([serverDefault?.close(), team?.close()]);
  });

  it('the Admin adds a provider in the Profile; its key is never shown again', async () => {
    await page.goto(`${server.url}/profile`);
    const card = page.getByRole('region', { name: 'Model providers' });
    await card.getByRole('list', { name: 'Model providers' }).getByText('lmstudio').waitFor();
    const form = card.getByRole('form', { name: 'New model provider' });
    await form.getByLabel('Provider name').fill('team');
    await form.getByLabel('Base URL').fill(team.baseUrl);
    await form.getByLabel('API key').fill('sk-team-from-the-browser');
    await form.getByLabel('Models').fill('fake-ok');
    await form.getByRole('button', { name: 'Add provider' }).click();
    const row = card.getByRole('list', { name: 'Model providers' }).getByRole('listitem').filter({ hasText: 'team' });
    await row.getByText('key stored').waitFor();
    expect(await row.innerText()).toContain('models: fake-ok');
    expect(await page.content()).not.toContain('sk-team-from-the-browser');
    // A bad address is refused at the field, from the contract's schema.
    await form.getByLabel('Provider name').fill('broken');
    await form.getByLabel('Base URL').fill('ftp://nowhere');
    await form.getByRole('button', { name: 'Add provider' }).click();
    await form.getByText('An http or https URL').waitFor();
    // An internal address is refused by the server, and the form says why at the field.
    await form.getByLabel('Base URL').fill('http://169.254.169.254/v1');
    await form.getByRole('button', { name: 'Add provider' }).click();
    await form.getByText(/169\.254\.169\.254 is an internal address/).waitFor();
    expect(await card.getByRole('list', { name: 'Model providers' }).innerText()).not.toContain('broken');
    await screenshot(page, 'profile-model-providers');
  });

  it('a conversation that names the provider gets its reply from it', async () => {
    await createSession(page, 'provider check', 'llm');
    const chat = page.getByRole('region', { name: 'AI chat' });
    await chat.getByRole('button', { name: 'New conversation' }).click();
    await chat.getByLabel('Conversation title').fill('Through the team provider');
    await chat.getByLabel('Model provider').selectOption('team');
    await chat.getByRole('button', { name: 'Start' }).click();
    await chat.getByRole('heading', { name: 'Through the team provider' }).waitFor();
    await expect.poll(() => chat.getByLabel('Model').inputValue()).toBe('fake-ok');
    const [teamBefore, defaultBefore] = [team.completions.length, serverDefault.completions.length];
    await chat.getByLabel('Message', { exact: true }).fill('Which provider answers?');
    await chat.getByLabel('Message', { exact: true }).press('Enter');
    await chat.getByRole('list', { name: 'Messages' }).getByText('You said: Which provider answers?').waitFor();
    expect(team.completions.length).toBe(teamBefore + 1);
    expect(team.completions.at(-1)!.authorization).toBe('Bearer sk-team-from-the-browser');
    expect(serverDefault.completions.length).toBe(defaultBefore);
    expect(pageErrors).toEqual([]);
  });

  it('the card fits a 390 px phone', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 800 }, hasTouch: true });
    const tab = await phone.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.goto(`${server.url}/profile`);
    await signIn(tab, 'ada.byron@example.com', 'notes on the engine 1843');
    const card = tab.getByRole('region', { name: 'Model providers' });
    await card.getByText('key stored').waitFor();
    await card.scrollIntoViewIfNeeded();
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(tab, 'profile-model-providers-390px');
    await phone.close();
    expect(pageErrors).toEqual([]);
  });
});
