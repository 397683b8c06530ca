// Invitations through real mail: the server sends over SMTP to a server in this process, and the
// invitee follows the mailed link — signing up first when they have no account. Links work once,
// for the invited address only, and die when withdrawn, replaced or expired.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIn, startMailCatcher, type MailCatcher } from '../support/mail-catcher';
import { registerUser, TEST_PASSWORD, uniqueEmail } from '../support/rest-client';
import { manualClock, testServer, type TestServer } from '../support/test-server';

const PUBLIC_URL = 'https://ide.example.com';

describe('invitations', () => {
  let mail: MailCatcher;
  let server: TestServer;
  const clock = manualClock();

  beforeAll(async () => {
    mail = await startMailCatcher();
    server = await testServer({ env: { SMTP_URL: mail.url, PUBLIC_URL, EMAIL_VERIFICATION: 'required' }, now: clock.now });
  });
  afterAll(async () => {
    await server?.close();
    await mail?.close();
  });

  const api = () => server.api;

  async function organisationAdmin(name = 'Acme') {
    const admin = await registerUser(api(), { first_name: 'Ada', last_name: 'Admin' });
    // Verification is required here: the Admin follows their own link first.
    await api().post('/auth/verify-email', { token: linkIn(await mail.next(admin.email, /Confirm/), '/verify-email').token });
    const created = await api().post('/tenants', { name }, admin.accessToken);
    const organisationId = created.body.data.tenant_id as string;
    const switched = await api().post('/auth/switch-tenant', { tenant_id: organisationId }, admin.accessToken);
    return { admin, organisationId, token: switched.body.data.tokens.access_token as string };
  }

  async function invite(token: string, email: string, role = 'Viewer') {
    const created = await api().post('/invitations', { email, role }, token);
    expect(created.status).toBe(201);
    const sent = await mail.next(email, /invited you/);
    return { invitation: created.body.data, token: linkIn(sent, '/invitations/accept').token, sent };
  }

  it('a newcomer gets the mail, signs up with the invited address, accepts and acts in the organisation', async () => {
    const { organisationId, token } = await organisationAdmin('Acme Research');
    const email = uniqueEmail('newcomer');
    const { invitation, token: link, sent } = await invite(token, email, 'Viewer');
    expect(invitation).toMatchObject({ email, role: 'Viewer', invited_by: 'Ada Admin' });
    expect(sent.subject).toBe('Ada Admin invited you to Acme Research on Coditect');
    expect(sent.text).toContain('as Viewer');
    expect(link).toMatch(/^[\w-]{43}$/);
    expect((await api().get('/invitations', token)).body.data.invitations).toEqual([invitation]);

    const preview = await api().post('/invitations/preview', { token: link });
    expect(preview.body.data).toEqual({
      organisation_name: 'Acme Research',
      invited_by: 'Ada Admin',
      email,
      role: 'Viewer',
      expires_at: invitation.expires_at,
      account_exists: false,
    });
    const newcomer = await registerUser(api(), { email });
    // Unverified (verification is required here) — accepting is allowed, and proves the address.
    const accepted = await api().post('/invitations/accept', { token: link }, newcomer.accessToken);
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.user).toMatchObject({ tenant_id: organisationId, role: 'Viewer' });
    const inOrganisation = accepted.body.data.tokens.access_token;
    expect((await api().get('/users/me', inOrganisation)).body.data).toMatchObject({
      tenant_id: organisationId,
      role: 'Viewer',
      email_verified: true,
    });
    const members = (await api().get('/members', token)).body.data.members;
    expect(members.map((member: { email: string; role: string }) => [member.email, member.role])).toContainEqual([
      email,
      'Viewer',
    ]);
    // Used: the link works no more, and the invitation is no longer pending.
    expect((await api().post('/invitations/accept', { token: link }, newcomer.accessToken)).body.error.code).toBe(
      'INVALID_TOKEN',
    );
    expect((await api().post('/invitations/preview', { token: link })).body.error.code).toBe('INVALID_TOKEN');
    expect((await api().get('/invitations', token)).body.data.count).toBe(0);
  });

  it('only the invited address accepts; someone else is told so and nothing changes', async () => {
    const { organisationId, token } = await organisationAdmin();
    const invited = await registerUser(api());
    const { token: link } = await invite(token, invited.email.toUpperCase(), 'Developer');
    expect((await api().post('/invitations/preview', { token: link })).body.data.account_exists).toBe(true);
    const other = await registerUser(api());
    const refused = await api().post('/invitations/accept', { token: link }, other.accessToken);
    expect([refused.status, refused.body.error.code]).toEqual([409, 'CONFLICT']);
    expect(refused.body.error.message).toContain(other.email);
    expect((await api().get('/tenants', other.accessToken)).body.data).toHaveLength(1);
    // The address matches whatever its case: the invited user accepts.
    const accepted = await api().post('/invitations/accept', { token: link }, invited.accessToken);
    expect(accepted.body.data.user).toMatchObject({ tenant_id: organisationId, role: 'Developer' });
  });

  it('refuses bad, withdrawn, replaced and expired links alike', async () => {
    const { admin, token } = await organisationAdmin();
    const user = await registerUser(api());
    for (const body of [{ token: 'nonsense' }, { token: '' }, {}, { token: 'x'.repeat(201) }, { token: 1 }]) {
      const answer = await api().post('/invitations/preview', body);
      expect([400].includes(answer.status), JSON.stringify(body)).toBe(true);
      expect(['INVALID_TOKEN', 'VALIDATION_ERROR']).toContain(answer.body.error.code);
    }
    // Withdrawn.
    const withdrawn = await invite(token, user.email);
    const revoked = await api().delete(`/invitations/${withdrawn.invitation.invitation_id}`, token);
    expect(revoked.body).toEqual({ success: true, message: 'Invitation withdrawn' });
    expect((await api().post('/invitations/accept', { token: withdrawn.token }, user.accessToken)).body.error.code).toBe(
      'INVALID_TOKEN',
    );
    expect((await api().delete(`/invitations/${withdrawn.invitation.invitation_id}`, token)).body.error.code).toBe('NOT_FOUND');
    // Replaced: inviting the address again voids the first link.
    const first = await invite(token, user.email);
    const second = await invite(token, user.email, 'Developer');
    expect((await api().post('/invitations/preview', { token: first.token })).body.error.code).toBe('INVALID_TOKEN');
    expect((await api().get('/invitations', token)).body.data.invitations).toEqual([second.invitation]);
    // Expired after 7 days.
    clock.advance(7 * 86_400_000 + 1000);
    const signIn = async (email: string) =>
      (await api().post('/auth/login', { email, password: TEST_PASSWORD })).body.data.tokens.access_token as string;
    expect((await api().post('/invitations/accept', { token: second.token }, await signIn(user.email))).body.error.code).toBe(
      'INVALID_TOKEN',
    );
    expect((await api().get('/invitations', await signIn(admin.email))).body.data.count).toBe(0);
  });

  it('who may invite whom: Managers up to Manager, never into a personal tenant, never a member twice', async () => {
    const { admin, organisationId, token } = await organisationAdmin();
    expect((await api().post('/invitations', { email: uniqueEmail(), role: 'Viewer' }, admin.accessToken)).body.error.code).toBe(
      'CONFLICT',
    );
    const manager = await registerUser(api());
    const { token: managerLink } = await invite(token, manager.email, 'Manager');
    const managerToken = (await api().post('/invitations/accept', { token: managerLink }, manager.accessToken)).body.data.tokens
      .access_token;
    expect((await api().post('/invitations', { email: uniqueEmail(), role: 'Admin' }, managerToken)).body.error.code).toBe(
      'FORBIDDEN',
    );
    expect((await api().post('/invitations', { email: admin.email, role: 'Viewer' }, managerToken)).body.error.code).toBe(
      'CONFLICT',
    );
    for (const body of [{ email: 'not-an-address' }, { email: uniqueEmail(), role: 'Owner' }, { role: 'Viewer' }]) {
      expect((await api().post('/invitations', body, managerToken)).body.error.code).toBe('VALIDATION_ERROR');
    }
    const viewer = await registerUser(api());
    const { token: viewerLink } = await invite(managerToken, viewer.email, 'Viewer');
    const viewerToken = (await api().post('/invitations/accept', { token: viewerLink }, viewer.accessToken)).body.data.tokens
      .access_token;
    expect((await api().post('/invitations', { email: uniqueEmail() }, viewerToken)).body.error.code).toBe('FORBIDDEN');
    expect((await api().get('/invitations', viewerToken)).body.error.code).toBe('FORBIDDEN');
    expect((await api().get('/members', viewerToken)).body.data.count).toBe(3);
    expect(organisationId).toBeTruthy();
    // With SMTP configured there is no development outbox.
    expect((await api().get('/invitations/outbox', token)).body.error.code).toBe('NOT_FOUND');
  });
});

describe('the development outbox (no SMTP_URL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await testServer({ env: { NODE_ENV: 'development', PUBLIC_URL, RATE_LIMIT_MAIL: '3/1h' } });
  });
  afterAll(() => server?.close());

  it("keeps the organisation's undelivered invitations for its Admins, and only theirs", async () => {
    const admin = await registerUser(server.api);
    const organisation = await server.api.post('/tenants', { name: 'Outbox' }, admin.accessToken);
    const switched = await server.api.post(
      '/auth/switch-tenant',
      { tenant_id: organisation.body.data.tenant_id },
      admin.accessToken,
    );
    const token = switched.body.data.tokens.access_token;
    const email = uniqueEmail('invitee');
    await server.api.post('/invitations', { email, role: 'Developer' }, token);
    let outbox = (await server.api.get('/invitations/outbox', token)).body.data;
    for (let tries = 0; outbox.mails.length === 0 && tries < 40; tries += 1) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      outbox = (await server.api.get('/invitations/outbox', token)).body.data;
    }
    expect(outbox.delivered).toBe(false);
    expect(outbox.mails).toEqual([
      expect.objectContaining({ to: email, subject: expect.stringContaining('invited you to Outbox') }),
    ]);
    const link = new URL(outbox.mails[0].text.match(/https?:\/\/\S+/)[0]);
    expect(link.pathname).toBe('/invitations/accept');
    const invitee = await registerUser(server.api, { email, password: TEST_PASSWORD });
    const accepted = await server.api.post('/invitations/accept', { token: link.searchParams.get('token') }, invitee.accessToken);
    expect(accepted.status).toBe(200);
    // Another organisation's Admin sees none of it.
    const other = await registerUser(server.api);
    expect((await server.api.get('/invitations/outbox', other.accessToken)).body.data.mails).toEqual([]);
  });
  it('counts invitation mails per recipient: one address cannot be flooded, others still get theirs', async () => {
    const admin = await registerUser(server.api);
    const organisation = await server.api.post('/tenants', { name: 'Flood' }, admin.accessToken);
    const switched = await server.api.post(
      '/auth/switch-tenant',
      { tenant_id: organisation.body.data.tenant_id },
      admin.accessToken,
    );
    const token = switched.body.data.tokens.access_token;
    const target = uniqueEmail('target');
    for (let sent = 0; sent < 3; sent += 1) {
      expect((await server.api.post('/invitations', { email: target }, token)).status).toBe(201);
    }
    const refused = await server.api.post('/invitations', { email: target.toUpperCase() }, token);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    expect((await server.api.post('/invitations', { email: uniqueEmail('other') }, token)).status).toBe(201);
  });
});
