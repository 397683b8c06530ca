// Organisations in Chromium (issue 19), with a real SMTP server catching the invitation: an Admin
// creates an organisation and invites a colleague as a Viewer; the colleague opens the mailed link
// in another browser, signs up, comes back to the invitation and accepts; as a Viewer they get no
// "New session"; promoted to Developer they make a session and edit a file; removed, their open tab
// says their access ended and lands in their personal workspace; disabled, the same, with the
// organisation marked in the switcher; the Admin deletes the organisation by typing its name.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { linkIn, type MailCatcher } from '@coditect/server/test-support/mail-catcher';
import type { AppServer } from '../test-support/app-server';
import { ADA, GRACE, ORGANISATION, startMailedApp, stopMailedApp, type MailedApp } from './support/organisation-story';
import { createSession, screenshot, showView, signIn, signUp } from './support/page-helpers';

const ada = ADA;
const grace = GRACE;
const ORG = ORGANISATION;

describe('organisations: invite, roles, removal', () => {
  let mail: MailCatcher;
  let server: AppServer;
  let browser: Browser;
  let admin: Page;
  let colleagueContext: BrowserContext;
  let colleague: Page;
  let pageErrors: string[];
  let invitationUrl: string;
  /** The colleague's browser after joining a second time. */
  let rejoined: Page;

  let app: MailedApp | undefined;
  beforeAll(async () => {
    app = await startMailedApp();
    ({ mail, server, browser, page: admin, pageErrors } = app);
  });
  afterAll(() => stopMailedApp(app));

  const activeTenant = (tab: Page) => tab.getByTestId('active-tenant');
  const switcherButton = (tab: Page) => tab.getByRole('button', { name: /^Organisation/ });
  const memberRow = (tab: Page, name: string) => tab.getByRole('row', { name });
  /** Phone-width tabs keep their width: nothing scrolls sideways. */
  const fitsWidth = async (tab: Page) =>
    expect(await tab.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      tab.viewportSize()?.width ?? Infinity,
    );

  it('an Admin creates an organisation from the switcher and invites a colleague as a Viewer', async () => {
    await signUp(admin, server.url, ada);
    await expect.poll(() => activeTenant(admin).textContent()).toBe('Personal');
    // Another tab of the same browser follows the switch (the stored pair is shared).
    const otherTab = await admin.context().newPage();
    await otherTab.goto(`${server.url}/profile`);
    await expect.poll(() => activeTenant(otherTab).textContent()).toBe('Personal');
    await switcherButton(admin).click();
    const menu = admin.getByRole('dialog', { name: 'Organisations' });
    await menu.getByRole('button', { name: 'Create organisation' }).click();
    await menu.getByLabel('Organisation name').fill(ORG);
    await screenshot(admin, 'organisation-create');
    await menu.getByRole('button', { name: 'Create and switch' }).click();
    await expect.poll(() => activeTenant(admin).textContent()).toBe(ORG);
    await expect.poll(() => activeTenant(otherTab).textContent()).toBe(ORG);
    expect(new URL(otherTab.url()).pathname).toBe('/');
    await otherTab.close();

    await switcherButton(admin).click();
    await menu.getByRole('button', { name: new RegExp(`^${ORG}`) }).waitFor();
    expect(await menu.getByRole('button', { name: new RegExp(`^${ORG}`) }).getAttribute('aria-current')).toBe('true');
    await screenshot(admin, 'organisation-switcher');
    await menu.getByRole('link', { name: 'Members' }).click();
    await admin.getByRole('heading', { name: ORG, level: 1 }).waitFor();
    const own = memberRow(admin, 'Ada Lovelace');
    await own.getByText('you', { exact: true }).waitFor();
    expect(await own.getByRole('combobox', { name: 'Role of Ada Lovelace' }).isDisabled()).toBe(true);

    await admin.getByLabel('Email', { exact: true }).fill(grace.email);
    await admin.getByLabel('Role', { exact: true }).selectOption('Viewer');
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    await admin.getByText(`Invitation sent to ${grace.email}`).waitFor();
    await admin.getByRole('list', { name: 'Pending invitations' }).getByText(grace.email).waitFor();

    const invitation = await mail.next(grace.email, /invited you/);
    invitationUrl = linkIn(invitation, '/invitations/accept').url.toString();
  });

  it('the colleague opens the mailed link in another browser, signs up as the invited address and accepts', async () => {
    // The invitation page at phone width first (a preview only: the link still works afterwards).
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const phone = await phoneContext.newPage();
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    await phone.goto(invitationUrl);
    await phone.getByRole('heading', { name: `Join ${ORG}` }).waitFor();
    await screenshot(phone, 'invitation-accept-390px');
    await fitsWidth(phone);
    await phoneContext.close();

    colleagueContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    colleagueContext.setDefaultTimeout(10_000);
    colleague = await colleagueContext.newPage();
    colleague.on('pageerror', (error) => pageErrors.push(error.message));
    await colleague.goto(invitationUrl);
    await colleague.getByRole('heading', { name: `Join ${ORG}` }).waitFor();
    await colleague.getByText(`Ada Lovelace invited ${grace.email}`).waitFor();
    await screenshot(colleague, 'invitation-accept');

    await colleague.getByRole('link', { name: 'Create an account to accept' }).click();
    expect(await colleague.getByLabel('Email').inputValue()).toBe(grace.email);
    await colleague.getByLabel('First name').fill(grace.first);
    await colleague.getByLabel('Last name').fill(grace.last);
    await colleague.getByLabel('Password', { exact: true }).fill(grace.password);
    await colleague.getByRole('button', { name: 'Create account' }).click();

    // Back at the invitation, signed in as the invited address.
    await colleague.waitForURL(/\/invitations\/accept\?token=/);
    await colleague.getByRole('button', { name: `Accept and join ${ORG}` }).waitFor();
    await screenshot(colleague, 'invitation-accept-signed-in');
    await colleague.getByRole('button', { name: `Accept and join ${ORG}` }).click();
    await colleague.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    await expect.poll(() => activeTenant(colleague).textContent()).toBe(ORG);
    expect(await colleague.getByRole('button', { name: /^Organisation/ }).getAttribute('aria-label')).toBe(
      `Organisation: ${ORG} (Viewer)`,
    );
  });

  it('a Viewer gets no "New session" and sees the members without controls', async () => {
    const sessions = await showView(colleague, 'Sessions');
    await colleague.getByRole('button', { name: 'Open a session' }).waitFor();
    expect(await sessions.getByRole('button', { name: 'New session' }).count()).toBe(0);
    expect(await colleague.getByRole('button', { name: 'New session' }).count()).toBe(0);

    await colleague.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Members' }).click();
    await memberRow(colleague, 'Ada Lovelace').waitFor();
    expect(await colleague.getByRole('combobox').count()).toBe(0);
    expect(await colleague.getByRole('button', { name: /^Remove/ }).count()).toBe(0);
    expect(await colleague.getByRole('heading', { name: 'Invitations' }).count()).toBe(0);
    await colleague.getByRole('button', { name: 'Leave organisation…' }).waitFor();
  });

  it('the Admin promotes the colleague to Developer, who can then make a session and edit a file', async () => {
    await admin.reload();
    const role = memberRow(admin, 'Grace Hopper').getByRole('combobox', { name: 'Role of Grace Hopper' });
    expect(await role.inputValue()).toBe('Viewer');
    // A Manager could not pick Admin; an Admin can.
    expect(await role.locator('option').allTextContents()).toEqual(['Viewer', 'Developer', 'Manager', 'Admin']);
    await role.selectOption('Developer');
    await admin.reload();
    await expect.poll(() => role.inputValue()).toBe('Developer');
    // One more invitation out, for the picture.
    await admin.getByLabel('Email', { exact: true }).fill('charles@example.com');
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    await admin.getByRole('list', { name: 'Pending invitations' }).getByText('charles@example.com').waitFor();
    await screenshot(admin, 'members-page');
    // An Admin looks at a member's API keys; mails are delivered here, so there is no outbox.
    await admin.getByLabel('Member', { exact: true }).selectOption({ label: `${grace.first} ${grace.last} (${grace.email})` });
    await admin.getByText(`${grace.first} ${grace.last} has no API keys here.`).waitFor();
    await admin
      .getByRole('heading', { name: "Members' API keys" })
      .evaluate((heading) => heading.scrollIntoView({ block: 'start' }));
    await screenshot(admin, 'members-api-keys');
    expect(await admin.getByRole('heading', { name: 'Outbox (development)' }).count()).toBe(0);

    await colleague.goto(`${server.url}/`);
    await colleague.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    await createSession(colleague, 'Engine notes', 'docs');
    const explorer = await showView(colleague, 'Explorer');
    await explorer.getByRole('button', { name: 'New file' }).click();
    await colleague.getByLabel('New file name').fill('notes.md');
    await colleague.keyboard.press('Enter');
    await colleague.getByRole('tab', { name: 'notes.md', exact: true }).waitFor();
    await colleague.getByRole('textbox', { name: 'Editor: notes.md' }).click();
    await colleague.keyboard.type('# The engine weaves algebraic patterns');
    await colleague.keyboard.press('Control+S');
    await colleague.getByRole('tab', { name: 'notes.md', exact: true }).waitFor();
  });

  it('demoted to Viewer while editing, the colleague’s open tab turns read-only at the first refused save, without a reload', async () => {
    const role = memberRow(admin, 'Grace Hopper').getByRole('combobox', { name: 'Role of Grace Hopper' });
    await role.selectOption('Viewer');
    await admin.reload();
    await expect.poll(() => role.inputValue()).toBe('Viewer');

    // (Any call the tab makes that the role refuses has the same effect; the save is the first here
    // unless a panel's own refresh was refused before it.)
    const explorer = await showView(colleague, 'Explorer');
    await colleague.getByRole('textbox', { name: 'Editor: notes.md' }).click();
    await colleague.keyboard.type(' and flowers');
    await colleague.keyboard.press('Control+S');
    // The save is refused for the role; the tab asks who it is again and catches up at once (no
    // reload, no waiting for the next refresh of the role, which would take a minute).
    await explorer.getByText('Read only: your role can browse and download.').waitFor({ timeout: 10_000 });
    expect(await colleague.getByRole('button', { name: 'New session' }).count()).toBe(0);
    // The switcher names the role from the tenants' list: it catches up too.
    await expect.poll(() => switcherButton(colleague).getAttribute('aria-label')).toBe(`Organisation: ${ORG} (Viewer)`);
    await screenshot(colleague, 'demoted-read-only');
    const wide = colleague.viewportSize()!;
    await colleague.setViewportSize({ width: 390, height: 800 });
    await fitsWidth(colleague);
    await screenshot(colleague, 'demoted-read-only-phone');
    await colleague.setViewportSize(wide);

    // Back to Developer for what follows.
    await role.selectOption('Developer');
    await admin.reload();
    await expect.poll(() => role.inputValue()).toBe('Developer');
    await colleague.reload();
  });

  it('fits a phone: the switcher and the Members page at 390 px', async () => {
    const phoneContext = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const phone = await phoneContext.newPage();
    phone.on('pageerror', (error) => pageErrors.push(error.message));
    await phone.goto(`${server.url}/sign-in`);
    await signIn(phone, ada.email, ada.password);
    // The next sign-in lands in the tenant last chosen.
    await expect.poll(() => activeTenant(phone).textContent()).toBe(ORG);
    await switcherButton(phone).click();
    await phone.getByRole('dialog', { name: 'Organisations' }).getByRole('link', { name: 'Members' }).waitFor();
    await screenshot(phone, 'organisation-switcher-390px');
    await fitsWidth(phone);
    await phone.keyboard.press('Escape');
    await phone.goto(`${server.url}/members`);
    await memberRow(phone, 'Ada Lovelace').waitFor();
    await phone.getByRole('list', { name: 'Pending invitations' }).or(phone.getByText('No invitations waiting.')).waitFor();
    await screenshot(phone, 'members-page-390px');
    await fitsWidth(phone);
    await phoneContext.close();
  });

  it('disabled by the Admin, the colleague lands in their personal workspace with the organisation marked; enabled, they switch back', async () => {
    const row = memberRow(admin, 'Grace Hopper');
    await row.getByRole('button', { name: 'Disable Grace Hopper' }).click();
    await row.getByRole('button', { name: 'Enable Grace Hopper' }).waitFor();

    await colleague.getByRole('textbox', { name: 'Editor: notes.md' }).click();
    await colleague.keyboard.type(' in silk');
    await colleague.keyboard.press('Control+S');
    await colleague
      .getByRole('alert')
      .filter({ hasText: `Your access to ${ORG} was disabled` })
      .waitFor();
    await expect.poll(() => activeTenant(colleague).textContent()).toBe('Personal');
    await switcherButton(colleague).click();
    const menu = colleague.getByRole('dialog', { name: 'Organisations' });
    const organisation = menu.getByRole('button', { name: new RegExp(`^${ORG}`) });
    await organisation.waitFor();
    expect(await organisation.isDisabled()).toBe(true);
    expect(await organisation.textContent()).toContain('access disabled');
    await screenshot(colleague, 'organisation-switcher-disabled');
    await colleague.keyboard.press('Escape');

    await row.getByRole('button', { name: 'Enable Grace Hopper' }).click();
    await row.getByRole('button', { name: 'Disable Grace Hopper' }).waitFor();
    await colleague.reload();
    await switcherButton(colleague).click();
    await organisation.click();
    await expect.poll(() => activeTenant(colleague).textContent()).toBe(ORG);
    // A chosen switch ends the notice.
    expect(await colleague.getByRole('alert').filter({ hasText: 'Your access to' }).count()).toBe(0);
    const sessions = colleague.getByRole('complementary', { name: 'Sessions', exact: true });
    await sessions.getByRole('link', { name: /Engine notes/ }).click();
    await colleague.getByRole('tab', { name: 'notes.md', exact: true }).waitFor();
  });

  it('removed by the Admin, the colleague’s open tab says their access ended and lands in their personal workspace', async () => {
    const row = memberRow(admin, 'Grace Hopper');
    await row.getByRole('button', { name: 'Remove Grace Hopper…' }).click();
    await row.getByRole('group', { name: 'Confirm removing Grace Hopper' }).getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached' });

    // The colleague's next call in the organisation (typing saves the file) is refused: MEMBERSHIP_ENDED.
    await colleague.getByRole('textbox', { name: 'Editor: notes.md' }).click();
    await colleague.keyboard.type(' and flowers');
    await colleague.keyboard.press('Control+S');
    const notice = colleague.getByRole('alert').filter({ hasText: `Your access to ${ORG} ended` });
    await notice.waitFor();
    await expect.poll(() => activeTenant(colleague).textContent()).toBe('Personal');
    await colleague.getByRole('heading', { name: 'Welcome, Grace' }).waitFor();
    expect(new URL(colleague.url()).pathname).toBe('/');
    // Her personal workspace is hers: she may make sessions there.
    await colleague.getByRole('button', { name: 'New session' }).first().waitFor();
    // At the list of sessions, where the IDE starts after a switch.
    await colleague.getByRole('complementary', { name: 'Sessions', exact: true }).waitFor();
    await screenshot(colleague, 'membership-ended');
    await switcherButton(colleague).click();
    const menu = colleague.getByRole('dialog', { name: 'Organisations' });
    await menu.getByRole('button', { name: /^Personal/ }).waitFor();
    expect(await menu.getByRole('button', { name: new RegExp(`^${ORG}`) }).count()).toBe(0);
    await colleague.keyboard.press('Escape');
  });

  it('invited again, an existing account signs in from the link and comes back to accept; another account is told', async () => {
    await admin.getByLabel('Email', { exact: true }).fill(grace.email);
    await admin.getByLabel('Role', { exact: true }).selectOption('Developer');
    await admin.getByRole('button', { name: 'Invite', exact: true }).click();
    await admin.getByText(`Invitation sent to ${grace.email}`).waitFor();
    const link = linkIn(await mail.next(grace.email, /invited you/), '/invitations/accept').url.toString();

    // Signed in as someone else (the Admin's own browser).
    await admin.goto(link);
    await admin.getByText(`You are signed in as ${ada.email}, but this invitation is for ${grace.email}`).waitFor();
    await admin.getByRole('button', { name: 'Sign out' }).waitFor();
    await screenshot(admin, 'invitation-accept-other-account');

    // Signed out in a fresh browser: sign in as the invited address, then back here to accept.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    context.setDefaultTimeout(10_000);
    const fresh = await context.newPage();
    fresh.on('pageerror', (error) => pageErrors.push(error.message));
    await fresh.goto(link);
    await fresh.getByRole('link', { name: 'Sign in to accept' }).click();
    expect(await fresh.getByLabel('Email').inputValue()).toBe(grace.email);
    await fresh.getByLabel('Password', { exact: true }).fill(grace.password);
    await fresh.getByRole('button', { name: 'Sign in' }).click();
    await fresh.getByRole('button', { name: `Accept and join ${ORG}` }).click();
    await expect.poll(() => activeTenant(fresh).textContent()).toBe(ORG);
    expect(await switcherButton(fresh).getAttribute('aria-label')).toBe(`Organisation: ${ORG} (Developer)`);
    rejoined = fresh;
  });

  it('the Admin deletes the organisation by typing its name; its member is told at their next request', async () => {
    await admin.goto(`${server.url}/members`);
    await admin.getByRole('button', { name: 'Delete organisation…' }).click();
    const deleteButton = admin.getByRole('button', { name: 'Delete', exact: true });
    expect(await deleteButton.isDisabled()).toBe(true);
    await admin.getByLabel(`Type “${ORG}” to confirm`).fill(ORG);
    await deleteButton.click();
    await expect.poll(() => activeTenant(admin).textContent()).toBe('Personal');
    expect(new URL(admin.url()).pathname).toBe('/');

    // The member's open tab asks for the organisation's members: refused, it goes back to the personal workspace.
    await rejoined.getByRole('navigation', { name: 'Views' }).getByRole('link', { name: 'Members' }).click();
    await rejoined
      .getByRole('alert')
      .filter({ hasText: `Your access to ${ORG} ended` })
      .waitFor();
    await expect.poll(() => activeTenant(rejoined).textContent()).toBe('Personal');
    await rejoined.context().close();
    expect(pageErrors).toEqual([]);
  });
});
