// Sharing a session with the organisation in Chromium (issue 19): an Admin shares a session for
// reading; a Viewer colleague finds it under "Shared with the organisation", opens it read-only and
// both see each other follow it; promoted to Developer, with the session shared for writing, the
// colleague edits and saves its file and the Admin sees the change.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { linkIn, type MailCatcher } from '@coditect/server/test-support/mail-catcher';
import type { AppServer } from '../test-support/app-server';
import { ADA, GRACE, ORGANISATION, startMailedApp, stopMailedApp, type MailedApp } from './support/organisation-story';
import { createSession, screenshot, showView, signIn, signUp } from './support/page-helpers';

const ada = ADA;
const grace = GRACE;
const ORG = ORGANISATION;

describe('sharing a session with the organisation', () => {
  let mail: MailCatcher;
  let server: AppServer;
  let browser: Browser;
  let admin: Page;
  let colleagueContext: BrowserContext;
  let colleague: Page;
  let pageErrors: string[];
  let sessionUrl: string;

  let app: MailedApp | undefined;
  beforeAll(async () => {
    app = await startMailedApp();
    ({ mail, server, browser, page: admin, pageErrors } = app);
  });
  afterAll(() => stopMailedApp(app));

  const activeTenant = (tab: Page) => tab.getByTestId('active-tenant');
  const editor = (tab: Page) => tab.getByRole('textbox', { name: 'Editor: notes.md' });
  const presence = (tab: Page, name: string) => tab.getByRole('group', { name: `Also here: ${name}` });
  const sharedList = (tab: Page) => tab.getByRole('list', { name: 'Shared sessions' });
  const fitsWidth = async (tab: Page) =>
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      tab.viewportSize()?.width ?? Infinity,
    );
  /** A phone's side drawer, open (asked again while a navigation closes it). */
  async function openDrawer(tab: Page) {
    const menu = tab.getByRole('button', { name: 'Side panel' });
    await expect
      .poll(
        async () => {
          if ((await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
          await tab.waitForTimeout(300);
          return menu.getAttribute('aria-expanded');
        },
        { timeout: 10_000 },
      )
      .toBe('true');
  }
  async function openNotes(tab: Page) {
    const explorer = await showView(tab, 'Explorer');
    await explorer.getByRole('treeitem', { name: 'notes.md' }).click();
    await editor(tab).waitFor();
  }

  it('an Admin makes an organisation, invites a Viewer who joins, and writes a file in a new session', async () => {
    await signUp(admin, server.url, ada);
    await admin.getByRole('button', { name: /^Organisation/ }).click();
    const menu = admin.getByRole('dialog', { name: 'Organisations' });
    await menu.getByRole('button', { name: 'Create organisation' }).click();
    await menu.getByLabel('Organisation name').fill(ORG);
    await menu.getByRole('button', { name: 'Create and switch' }).click();
    await expect.poll(() => activeTenant(admin).textContent()).toBe(ORG);

    await admin.goto(`${server.url}/members`);
    await admin.getByLabel('Email', { exact: true }).fill(grace.email);
    await admin.getByLabel('Role', { exact: true }).selectOption('Viewer');
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    await admin.getByText(`Invitation sent to ${grace.email}`).waitFor();
    const invitationUrl = linkIn(await mail.next(grace.email, /invited you/), '/invitations/accept').url.toString();

    colleagueContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    colleagueContext.setDefaultTimeout(10_000);
    colleague = await colleagueContext.newPage();
    colleague.on('pageerror', (error) => pageErrors.push(error.message));
    await signUp(colleague, server.url, grace);
    await colleague.goto(invitationUrl);
    await colleague.getByRole('button', { name: `Accept and join ${ORG}` }).click();
    await expect.poll(() => activeTenant(colleague).textContent()).toBe(ORG);

    await admin.goto(`${server.url}/`);
    await createSession(admin, 'Engine notes', 'docs');
    sessionUrl = admin.url();
    const explorer = await showView(admin, 'Explorer');
    await explorer.getByRole('button', { name: 'New file' }).click();
    await admin.getByLabel('New file name').fill('notes.md');
    await admin.keyboard.press('Enter');
    await editor(admin).click();
    await admin.keyboard.type('# The engine weaves algebraic patterns');
    await admin.keyboard.press('Control+S');
    await admin.getByRole('tab', { name: 'notes.md', exact: true }).waitFor();
  });

  it('the Admin shares the session for reading from the Session view', async () => {
    await showView(admin, 'Session');
    const sharing = admin.getByLabel('Sharing with the organisation');
    expect(await sharing.inputValue()).toBe('private');
    await sharing.selectOption('Shared: read');
    await admin.getByText('Every member reads it and its files.').waitFor();
    await screenshot(admin, 'session-share-control');
    const sessions = await showView(admin, 'Sessions');
    await sharedList(admin)
      .getByRole('link', { name: /Engine notes/ })
      .waitFor();
    expect(await sessions.getByRole('list', { name: 'Shared sessions' }).textContent()).toContain('You');
  });

  it('the Viewer finds it under "Shared with the organisation" and opens it read-only; both see each other', async () => {
    await colleague.goto(`${server.url}/`);
    await showView(colleague, 'Sessions');
    const entry = sharedList(colleague).getByRole('link', { name: /Engine notes/ });
    await entry.waitFor();
    expect(await entry.textContent()).toContain('Ada Lovelace');
    expect(await entry.textContent()).toContain('read');
    await screenshot(colleague, 'shared-sessions');
    await entry.click();
    await colleague.waitForURL(sessionUrl);
    await openNotes(colleague);
    await expect.poll(() => editor(colleague).textContent()).toContain('algebraic patterns');
    expect(await editor(colleague).isEditable()).toBe(false);
    // No write actions in the tree, no chat, no terminal, no settings of someone else's session.
    expect(await colleague.getByRole('button', { name: 'New file' }).count()).toBe(0);
    expect(await colleague.getByRole('button', { name: 'AI chat' }).count()).toBe(0);
    expect(await colleague.getByRole('button', { name: 'Terminal' }).count()).toBe(0);
    expect(await colleague.getByTestId('session-save-status').textContent()).toContain('Shared · read only');

    await presence(colleague, 'Ada Lovelace').waitFor();
    await presence(admin, 'Grace Hopper').waitFor();
    await screenshot(colleague, 'shared-session-read-only');
    await showView(colleague, 'Session');
    await colleague.getByText('Shared by Ada Lovelace · read only').waitFor();
    expect(await colleague.getByLabel('Session name').count()).toBe(0);
  });

  it('fits a phone: the shared list and the read-only session at 390 px', async () => {
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 800 } });
    phoneContext.setDefaultTimeout(10_000);
    const phone = await phoneContext.newPage();
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    await phone.goto(`${server.url}/sign-in`);
    await signIn(phone, grace.email, grace.password);
    await expect.poll(() => activeTenant(phone).textContent()).toBe(ORG);
    // Signed in, the address changes and closes the drawer: load the page again, then open it.
    await phone.goto(`${server.url}/`);
    await phone.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    await openDrawer(phone);
    if (!(await phone.getByRole('complementary', { name: 'Sessions', exact: true }).count())) {
      await phone.getByRole('navigation', { name: 'Views' }).getByRole('button', { name: 'Sessions', exact: true }).click();
    }
    await sharedList(phone)
      .getByRole('link', { name: /Engine notes/ })
      .waitFor();
    await openDrawer(phone);
    await screenshot(phone, 'shared-sessions-390px');
    await fitsWidth(phone);
    await sharedList(phone)
      .getByRole('link', { name: /Engine notes/ })
      .click();
    await phone.waitForURL(sessionUrl);
    await openNotes(phone);
    await presence(phone, 'Ada Lovelace').waitFor();
    await screenshot(phone, 'shared-session-read-only-390px');
    await fitsWidth(phone);
    await phoneContext.close();

    const adminPhoneContext = await browser.newContext({ viewport: { width: 390, height: 800 } });
    adminPhoneContext.setDefaultTimeout(10_000);
    const adminPhone = await adminPhoneContext.newPage();
    adminPhone.on('pageerror', (error) => pageErrors.push(error.message));
    await adminPhone.goto(`${server.url}/sign-in`);
    await signIn(adminPhone, ada.email, ada.password);
    await expect.poll(() => activeTenant(adminPhone).textContent()).toBe(ORG);
    await adminPhone.getByRole('heading', { name: 'Welcome, Ada' }).waitFor();
    await adminPhone.goto(sessionUrl);
    await showView(adminPhone, 'Session');
    await adminPhone.getByLabel('Sharing with the organisation').waitFor();
    await screenshot(adminPhone, 'session-share-control-390px');
    await fitsWidth(adminPhone);
    await adminPhoneContext.close();
  });

  it('promoted to Developer with the session shared for writing, the colleague edits and saves; the Admin sees it', async () => {
    const adminSession = admin.url();
    await admin.goto(`${server.url}/members`);
    const role = admin.getByRole('row', { name: 'Grace Hopper' }).getByRole('combobox', { name: 'Role of Grace Hopper' });
    await role.selectOption('Developer');
    await admin.reload();
    await expect.poll(() => role.inputValue()).toBe('Developer');
    await admin.goto(adminSession);
    await showView(admin, 'Session');
    await admin.getByLabel('Sharing with the organisation').selectOption('Shared: read & write');
    await admin.getByText('Every member reads it; Developers and up also edit its files.').waitFor();
    await openNotes(admin);

    await colleague.reload();
    await openNotes(colleague);
    await expect.poll(() => colleague.getByTestId('session-save-status').textContent()).toContain('files editable');
    expect(await editor(colleague).isEditable()).toBe(true);
    await editor(colleague).click();
    await colleague.keyboard.press('Control+End');
    await colleague.keyboard.type(' in silk');
    await colleague.keyboard.press('Control+S');
    await colleague.getByRole('tab', { name: 'notes.md', exact: true }).waitFor();
    await expect.poll(() => editor(admin).textContent(), { timeout: 10_000 }).toContain('algebraic patterns in silk');
    expect(pageErrors).toEqual([]);
  });

  it('Profile: the colleague exports their data; the last Admin may not delete their account; the colleague may', async () => {
    await colleague.goto(`${server.url}/profile`);
    const [download] = await Promise.all([
      colleague.waitForEvent('download'),
      colleague.getByRole('button', { name: 'Export my data' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.zip$/);

    await admin.goto(`${server.url}/profile`);
    await admin.getByRole('button', { name: 'Delete account…' }).click();
    await admin.getByLabel(`Type “${ada.email}” to confirm`).fill(ada.email);
    await admin.getByLabel('Your password').fill(ada.password);
    await admin.getByRole('button', { name: 'Delete my account' }).click();
    const refusal = admin.getByRole('alert').filter({ hasText: /Admin/ });
    await refusal.waitFor();
    await screenshot(admin, 'profile-delete-account-refused');

    await colleague.getByRole('button', { name: 'Delete account…' }).click();
    await colleague.getByLabel(`Type “${grace.email}” to confirm`).fill(grace.email);
    await colleague.getByLabel('Your password').fill(grace.password);
    await colleague.getByRole('button', { name: 'Delete my account' }).click();
    await colleague.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(colleague, 'profile-account-deleted');
    await signIn(colleague, grace.email, grace.password);
    await colleague.getByRole('alert').first().waitFor();
    expect(pageErrors).toEqual([]);
  });
});
