import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';

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
