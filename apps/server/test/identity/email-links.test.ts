// Email verification and password reset through real mail: the server sends over SMTP (nodemailer)
// to an SMTP server in this process, and the tests follow the links it mailed. Links are single-use
// and expire; asking for a reset answers the same for every address; a reset ends every session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkIn, startMailCatcher, type MailCatcher } from '../support/mail-catcher';
import { registerUser, TEST_PASSWORD, uniqueEmail } from '../support/rest-client';
import { manualClock, testServer, type TestServer } from '../support/test-server';
import { readTrail } from '../support/audit-trail';

const NEW_PASSWORD = 'a completely different passphrase';
const PUBLIC_URL = 'https://ide.example.com/app';

describe('email links', () => {
  let mail: MailCatcher;
  let server: TestServer;
  const clock = manualClock();

  beforeAll(async () => {
    mail = await startMailCatcher();
    server = await testServer({
      env: { SMTP_URL: mail.url, PUBLIC_URL, MAIL_FROM: 'Coditect <accounts@example.com>' },
      now: clock.now,
    });
  });
  afterAll(async () => {
    await server?.close();
    await mail?.close();
  });

  const me = async (accessToken: string) => (await server.api.get('/users/me', accessToken)).body.data;

  it('tells the sign-in screens that links are mailed here', async () => {
    const options = await server.api.get('/auth/options');
    expect(options.status).toBe(200);
    expect(options.body.data).toEqual({ mail: true, email_verification: 'optional', providers: [] });
  });

  describe('verification', () => {
    it('mails a link at sign-up; following it verifies the address, once', async () => {
      const user = await registerUser(server.api);
      const sent = await mail.next(user.email, /Confirm your email/);
      expect(sent.from).toBe('"Coditect" <accounts@example.com>');
      const { url, token } = linkIn(sent, '/app/verify-email');
      expect(url.origin).toBe('https://ide.example.com');
      expect(sent.html).toContain(url.toString().replace(/&/g, '&amp;'));
      expect(await me(user.accessToken)).toMatchObject({ email_verified: false, provider: 'local' });

      const verified = await server.api.post('/auth/verify-email', { token });
      expect(verified.status).toBe(200);
      expect(verified.body.data).toMatchObject({ email: user.email, email_verified: true });
      expect((await me(user.accessToken)).email_verified).toBe(true);

      const again = await server.api.post('/auth/verify-email', { token });
      expect(again.status).toBe(400);
      expect(again.body.error.code).toBe('INVALID_TOKEN');
      const resend = await server.api.post('/auth/verify-email/resend', undefined, user.accessToken);
      expect(resend.status).toBe(409);
    });

    it('a new link voids the older one; an expired link does nothing', async () => {
      const user = await registerUser(server.api);
      const first = linkIn(await mail.next(user.email, /Confirm/), '/app/verify-email').token;
      const resend = await server.api.post('/auth/verify-email/resend', undefined, user.accessToken);
      expect(resend.status).toBe(202);
      expect(resend.body.message).toMatch(/on its way/);
      const second = linkIn(await mail.next(user.email, /Confirm/), '/app/verify-email').token;
      expect(second).not.toBe(first);
      expect((await server.api.post('/auth/verify-email', { token: first })).body.error.code).toBe('INVALID_TOKEN');

      clock.advance(25 * 3600_000);
      try {
        const expired = await server.api.post('/auth/verify-email', { token: second });
        expect(expired.status).toBe(400);
        expect(expired.body.error.code).toBe('INVALID_TOKEN');
      } finally {
        clock.advance(-25 * 3600_000);
      }
      expect((await me(user.accessToken)).email_verified).toBe(false);
    });

    it('refuses malformed requests with 400 and changes nothing', async () => {
      for (const body of [{}, { token: '' }, { token: 'x'.repeat(300) }, { token: 'abc', extra: 1 }, { token: 42 }]) {
        const answer = await server.api.post('/auth/verify-email', body);
        expect(answer.status, JSON.stringify(body)).toBe(400);
        expect(answer.body.error.code).toBe('VALIDATION_ERROR');
      }
      const unknown = await server.api.post('/auth/verify-email', { token: 'not-a-token-we-issued' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.code).toBe('INVALID_TOKEN');
      expect((await server.api.post('/auth/verify-email/resend')).status).toBe(401);
    });
  });

  describe('password reset', () => {
    it('answers the same for known and unknown addresses, and mails only the account', async () => {
      const user = await registerUser(server.api);
      await mail.next(user.email, /Confirm/);
      const stranger = uniqueEmail('nobody');
      const known = await server.api.post('/auth/password-reset', { email: user.email.toUpperCase() });
      const unknown = await server.api.post('/auth/password-reset', { email: stranger });
      expect(known.status).toBe(202);
      expect(unknown.status).toBe(202);
      expect(unknown.body).toEqual(known.body);
      const sent = await mail.next(user.email, /Reset your/);
      expect(linkIn(sent, '/app/reset-password').token).toMatch(/^[\w-]{43}$/);
      expect(await mail.settledFor(stranger)).toEqual([]);
    });

    it('sets the new password once, ends every session, and verifies the address', async () => {
      const user = await registerUser(server.api);
      await server.api.post('/auth/password-reset', { email: user.email });
      const { token } = linkIn(await mail.next(user.email, /Reset your/), '/app/reset-password');

      // A weak password is refused and leaves the link usable.
      const weak = await server.api.post('/auth/password-reset/confirm', { token, password: 'password' });
      expect(weak.status).toBe(400);
      expect(weak.body.error.code).toBe('VALIDATION_ERROR');

      const reset = await server.api.post('/auth/password-reset/confirm', { token, password: NEW_PASSWORD });
      expect(reset.status).toBe(200);
      expect(reset.body.message).toMatch(/password is changed/);
      expect((await server.api.get('/users/me', user.accessToken)).status).toBe(401);
      expect((await server.api.post('/auth/refresh', { refresh_token: user.refreshToken })).status).toBe(401);
      expect((await server.api.post('/auth/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(401);
      const signedIn = await server.api.post('/auth/login', { email: user.email, password: NEW_PASSWORD });
      expect(signedIn.status).toBe(200);
      expect((await me(signedIn.body.data.tokens.access_token)).email_verified).toBe(true);

      const replay = await server.api.post('/auth/password-reset/confirm', { token, password: 'yet another long passphrase' });
      expect(replay.status).toBe(400);
      expect(replay.body.error.code).toBe('INVALID_TOKEN');

      await server.audit.flush();
      const trail = await readTrail(server.store, user.tenantId);
      const entry = trail.find((row) => row.event_type === 'auth.password_reset');
      expect(entry).toMatchObject({ user_id: user.userId, status_code: 200 });
      expect(JSON.stringify(entry)).not.toContain(token);
      expect(JSON.stringify(entry)).not.toContain(NEW_PASSWORD);
    });

    it('a link dies after 30 minutes, with a newer link, and with a password change', async () => {
      const user = await registerUser(server.api);
      const request = async () => {
        await server.api.post('/auth/password-reset', { email: user.email });
        return linkIn(await mail.next(user.email, /Reset your/), '/app/reset-password').token;
      };
      const confirm = (token: string) => server.api.post('/auth/password-reset/confirm', { token, password: NEW_PASSWORD });

      const expiring = await request();
      clock.advance(31 * 60_000);
      try {
        expect((await confirm(expiring)).body.error?.code).toBe('INVALID_TOKEN');
      } finally {
        clock.advance(-31 * 60_000);
      }

      const older = await request();
      const newer = await request();
      expect((await confirm(older)).body.error?.code).toBe('INVALID_TOKEN');

      const changed = await server.api.call('PUT', '/users/me/password', {
        body: { current_password: TEST_PASSWORD, new_password: 'the password I chose myself' },
        token: user.accessToken,
      });
      expect(changed.status).toBe(200);
      expect((await confirm(newer)).body.error?.code).toBe('INVALID_TOKEN');
      expect((await server.api.post('/auth/login', { email: user.email, password: 'the password I chose myself' })).status).toBe(
        200,
      );
    });

    it('refuses malformed requests with 400', async () => {
      for (const body of [{}, { email: '' }, { email: 'x'.repeat(300) }, { email: 'a@example.com', extra: true }]) {
        expect((await server.api.post('/auth/password-reset', body)).status, JSON.stringify(body)).toBe(400);
      }
      for (const body of [{ token: 'abc' }, { password: NEW_PASSWORD }, { token: 'abc', password: 'short' }]) {
        expect((await server.api.post('/auth/password-reset/confirm', body)).status, JSON.stringify(body)).toBe(400);
      }
    });
  });
});

describe('mail limits and required verification', () => {
  let mail: MailCatcher;
  let server: TestServer;

  beforeAll(async () => {
    mail = await startMailCatcher();
    server = await testServer({ env: { SMTP_URL: mail.url, RATE_LIMIT_MAIL: '2/1h', EMAIL_VERIFICATION: 'required' } });
  });
  afterAll(async () => {
    await server?.close();
    await mail?.close();
  });

  it('says what it requires, and a server without SMTP offers no mailed links', async () => {
    expect((await server.api.get('/auth/options')).body.data).toEqual({
      mail: true,
      email_verification: 'required',
      providers: [],
    });
    await using plain = await testServer();
    expect((await plain.api.get('/auth/options')).body.data).toEqual({
      mail: false,
      email_verification: 'optional',
      providers: [],
    });
  });

  it('counts links per address, whoever asks', async () => {
    const target = uniqueEmail('flooded');
    for (let attempt = 0; attempt < 2; attempt += 1) {
      expect((await server.api.post('/auth/password-reset', { email: target })).status).toBe(202);
    }
    const refused = await server.api.post('/auth/password-reset', { email: ` ${target.toUpperCase()} ` });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect((await server.api.post('/auth/password-reset', { email: uniqueEmail('other') })).status).toBe(202);
  });

  it('lets an unverified account use only its own account until it verifies', async () => {
    const user = await registerUser(server.api);
    const { token } = linkIn(await mail.next(user.email, /Confirm/), '/verify-email');
    const blocked = await server.api.get('/sessions', user.accessToken);
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('EMAIL_NOT_VERIFIED');
    expect((await server.api.get('/users/me', user.accessToken)).status).toBe(200);
    expect((await server.api.get('/auth/devices', user.accessToken)).status).toBe(200);

    expect((await server.api.post('/auth/verify-email', { token })).status).toBe(200);
    // The same token works at its next request: verification is read live, like a role.
    expect((await server.api.get('/sessions', user.accessToken)).status).toBe(200);
  });
});
