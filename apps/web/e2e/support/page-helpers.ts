import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';

/** docs/screenshots when asked for (`pnpm --filter @coditect/web screenshots`), else test-results/. */
const SCREENSHOT_DIR =
  process.env.E2E_SCREENSHOTS === 'docs'
    ? fileURLToPath(new URL('../../../../docs/screenshots', import.meta.url))
    : fileURLToPath(new URL('../../test-results/screenshots', import.meta.url));

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Let transitions and the status bar's first health check settle.
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
}

/** The message line under a labelled input (its aria-describedby). */
export async function fieldMessage(page: Page, label: string): Promise<string> {
  const input = page.getByLabel(label, { exact: true });
  const id = await input.getAttribute('aria-describedby');
  if (!id) throw new Error(`${label} has no message line`);
  return ((await page.locator(`[id="${id}"]`).textContent()) ?? '').trim();
}

export async function alertText(page: Page): Promise<string> {
  const alert = page.getByRole('alert').first();
  await alert.waitFor();
  return ((await alert.textContent()) ?? '').trim();
}

export interface Person {
  first: string;
  last: string;
  email: string;
  password: string;
}

export async function signUp(page: Page, baseUrl: string, person: Person): Promise<void> {
  await page.goto(`${baseUrl}/sign-up`);
  await page.getByLabel('First name').fill(person.first);
  await page.getByLabel('Last name').fill(person.last);
  await page.getByLabel('Email').fill(person.email);
  await page.getByLabel('Password', { exact: true }).fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: `Welcome, ${person.first}` }).waitFor();
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export type SideView = 'Explorer' | 'Search' | 'Sessions' | 'Session';

/** Shows a side view from the activity bar (on a phone, first opening the side drawer) and returns the panel. */
export async function showView(page: Page, view: SideView): Promise<Locator> {
  const panel = page.getByRole('complementary', { name: view, exact: true });
  // The IDE loads after sign-in: wait for it before asking what it shows.
  await page.locator('.title-bar').waitFor();
  if (await panel.isVisible()) return panel;
  const menu = page.getByRole('button', { name: 'Side panel' });
  if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
  await page.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: view, exact: true }).click();
  await panel.waitFor();
  return panel;
}

/** Creates a session from the Sessions view's form and waits for its Session view. */
export async function createSession(page: Page, name: string, tags: string): Promise<void> {
  const sessions = await showView(page, 'Sessions');
  await sessions.getByRole('button', { name: 'New session' }).click();
  await page.getByPlaceholder('Session name').fill(name);
  await page.getByPlaceholder('Tags, comma-separated').fill(tags);
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  await page.waitForURL(/\/sessions\/[0-9a-f-]{36}/);
  await showView(page, 'Session');
  await page.waitForFunction(
    (expected) => (document.getElementById('session-name') as HTMLInputElement | null)?.value === expected,
    name,
  );
}

/**
 * Test setup through the REST API as the signed-in user (what a script with the user's token
 * could do): bulk data the UI would take minutes to make.
 */
export async function restAsUser(page: Page, method: string, path: string, body?: unknown): Promise<unknown> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const tokens = JSON.parse(localStorage.getItem('coditect.tokens')!) as { access_token: string };
      const response = await fetch(`/api/v5${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.access_token}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = (await response.json()) as { success: boolean; data?: unknown };
      if (!json.success) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
      return json.data;
    },
    { method, path, body },
  );
}
