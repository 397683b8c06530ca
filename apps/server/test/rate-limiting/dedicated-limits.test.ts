// The dedicated limits: login (per normalised email + client IP, before the password is checked,
// reset by a success), register (per IP) and messages (per user, opted into through procedure meta).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { apiContract, appRouter, createTRPCRouter, defineOperation, procedure, type PasswordHasher } from '@coditect/api';
import { testServer, type TestServer } from '../support/test-server';
import { registerUser, restClient, TEST_PASSWORD, uniqueEmail, type RestClient } from '../support/rest-client';

/** Counts the password checks the server makes (known and unknown emails alike). */
function countPasswordChecks(server: { app: { deps: { passwords: PasswordHasher } } }) {
  const passwords = server.app.deps.passwords;
  const counter = { checks: 0 };
  const original = { verify: passwords.verify, verifyNothing: passwords.verifyNothing };
  passwords.verify = (hash, password) => {
    counter.checks += 1;
    return original.verify(hash, password);
  };
  passwords.verifyNothing = (password) => {
    counter.checks += 1;
    return original.verifyNothing(password);
  };
  return counter;
}

describe('login: 5 attempts per 15 minutes per email and client IP (the default)', () => {
  let server: TestServer;
  let api: RestClient;
  let checks: { checks: number };
  beforeAll(async () => {
    server = await testServer({ env: { RATE_LIMIT_LOGIN: '', TRUST_PROXY: 'true' } });
    api = restClient(server.url);
    checks = countPasswordChecks(server);
  });
  afterAll(() => server.close());

  // Behind a proxy the header reads `<whatever the client sent>, <the address the proxy saw>`.
  const login = (email: string, password: string, ip = '198.51.100.7', clientSent = '10.0.0.1') =>
    api.call('POST', '/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': `${clientSent}, ${ip}` } });

  it('refuses the 6th attempt before checking the password, even when it is right', async () => {
    const user = await registerUser(api);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await login(user.email, 'wrong password');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('ratelimit-policy')).toBe('"login-15m";q=5;w=900');
      expect(wrong.headers.get('ratelimit')).toMatch(new RegExp(`^"login-15m";r=${5 - attempt};t=(899|900)$`));
    }
    const before = checks.checks;
    const right = await login(user.email, TEST_PASSWORD);
    expect(checks.checks).toBe(before);
    expect(right.status).toBe(429);
    expect(right.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(right.body.error.message).toMatch(/\(5 login attempts per email address and client IP per 15 minutes\)/);
    expect(right.body.error.retry_after).toBeGreaterThan(890);
    expect(right.body.error.retry_after).toBeLessThanOrEqual(900);
    expect(right.headers.get('retry-after')).toBe(String(right.body.error.retry_after));
    expect(right.body.data).toBeUndefined();
  });

  it('counts an unknown email exactly like a known one', async () => {
    const email = uniqueEmail('ghost');
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const response = await login(email, 'whatever password');
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('INVALID_CREDENTIALS');
    }
    const before = checks.checks;
    const sixth = await login(email, 'whatever password');
    expect(sixth.status).toBe(429);
    expect(checks.checks).toBe(before);
  });

  it('keys by the normalised email, so case and spaces do not buy attempts', async () => {
    const user = await registerUser(api);
    const variants = [user.email, user.email.toUpperCase(), `  ${user.email} `, user.email.toUpperCase(), user.email];
    for (const variant of variants) expect((await login(variant, 'wrong password')).status).toBe(401);
    expect((await login(` ${user.email.toUpperCase()}`, TEST_PASSWORD)).status).toBe(429);
  });

  it('keys by client IP too: another address has its own count', async () => {
    const user = await registerUser(api);
    for (let attempt = 0; attempt < 5; attempt += 1) await login(user.email, 'wrong password', '203.0.113.1');
    expect((await login(user.email, TEST_PASSWORD, '203.0.113.1')).status).toBe(429);
    expect((await login(user.email, TEST_PASSWORD, '203.0.113.2')).status).toBe(200);
  });

  it('takes the client IP from the rightmost X-Forwarded-For entry, so a client cannot choose its own', async () => {
    const user = await registerUser(api);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      expect((await login(user.email, 'wrong password', '203.0.113.9', `192.0.2.${attempt}`)).status).toBe(401);
    }
    const spoofed = await login(user.email, TEST_PASSWORD, '203.0.113.9', '192.0.2.77, 192.0.2.78');
    expect(spoofed.status).toBe(429);
  });

  it('a successful login resets that email + IP counter', async () => {
    const user = await registerUser(api);
    for (let attempt = 0; attempt < 4; attempt += 1) expect((await login(user.email, 'wrong password')).status).toBe(401);
    const success = await login(user.email, TEST_PASSWORD);
    expect(success.status).toBe(200);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = await login(user.email, 'wrong password');
      expect(wrong.status).toBe(401);
      expect(wrong.headers.get('ratelimit')).toMatch(new RegExp(`^"login-15m";r=${5 - attempt};`));
    }
    expect((await login(user.email, TEST_PASSWORD)).status).toBe(429);
  });

  it('leaves a body without a usable email to validation (400), uncounted', async () => {
    for (const body of [{ password: 'x' }, { email: `${'a'.repeat(600)}@example.com`, password: 'x' }]) {
      const response = await api.post('/auth/login', body);
      expect(response.status).toBe(400);
      expect(response.headers.get('ratelimit')).toBeNull();
    }
  });
});

describe('register: 3 per hour per client IP (the default)', () => {
  let server: TestServer;
  let api: RestClient;
  beforeAll(async () => {
    server = await testServer({ env: { RATE_LIMIT_REGISTER: '' } });
    api = restClient(server.url);
  });
  afterAll(() => server.close());

  it('refuses the 4th registration from one address, whatever the outcome of the first three', async () => {
    const first = await registerUser(api);
    const taken = await api.post('/auth/register', {
      email: first.email,
      password: TEST_PASSWORD,
      first_name: 'A',
      last_name: 'B',
    });
    expect(taken.status).toBe(409);
    expect(taken.headers.get('ratelimit')).toMatch(/^"register-1h";r=1;t=\d+$/);
    await registerUser(api);
    const fourth = await api.post('/auth/register', {
      email: uniqueEmail(),
      password: TEST_PASSWORD,
      first_name: 'A',
      last_name: 'B',
    });
    expect(fourth.status).toBe(429);
    expect(fourth.body.error.message).toMatch(/\(3 registrations per client IP per hour\)/);
    expect(fourth.body.error.retry_after).toBeGreaterThan(3500);
    expect(fourth.body.error.retry_after).toBeLessThanOrEqual(3600);
    expect(fourth.headers.get('ratelimit-policy')).toBe('"register-1h";q=3;w=3600');
  });
});

describe('register behind a trusted proxy (TRUST_PROXY=true)', () => {
  let server: TestServer;
  let api: RestClient;
  beforeAll(async () => {
    server = await testServer({ env: { RATE_LIMIT_REGISTER: '', TRUST_PROXY: 'true' } });
    api = restClient(server.url);
  });
  afterAll(() => server.close());

  it('counts by the address the proxy saw, whatever the client put in front of it', async () => {
    const register = (clientSent: string) =>
      api.call('POST', '/auth/register', {
        body: { email: uniqueEmail(), password: TEST_PASSWORD, first_name: 'A', last_name: 'B' },
        headers: { 'x-forwarded-for': `${clientSent}, 198.51.100.20` },
      });
    for (const clientSent of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) expect((await register(clientSent)).status).toBe(201);
    expect((await register('192.0.2.4')).status).toBe(429);
  });
});

describe('messages: 60 per minute per user, for any procedure whose meta says rateLimit: "messages"', () => {
  // The conversations code opts in the same way; here a probe procedure stands in for addMessage.
  const send = defineOperation({
    type: 'mutation',
    input: undefined,
    output: z.object({ sent_by: z.string() }),
    meta: {
      access: 'user',
      summary: 'probe message',
      rateLimit: 'messages',
      rest: { method: 'POST', path: '/probe/messages', successStatus: 201 },
    },
  });
  const contract = { app: apiContract, probe: { send } };
  const router = createTRPCRouter({
    app: appRouter,
    probe: { send: procedure(send).mutation(({ ctx }) => ({ sent_by: ctx.auth.userId })) },
  });
  let server: TestServer;
  let api: RestClient;
  beforeAll(async () => {
    server = await testServer({ router, contract, env: { RATE_LIMIT_MESSAGES: '' } });
    api = restClient(server.url);
  });
  afterAll(() => server.close());

  it('refuses the 61st message in a minute and names the messages limit; other users are unaffected', async () => {
    const user = await registerUser(api);
    for (let message = 1; message <= 60; message += 1) {
      const sent = await api.post('/probe/messages', undefined, user.accessToken);
      expect(sent.status).toBe(201);
    }
    const last = await api.post('/probe/messages', undefined, user.accessToken);
    expect(last.status).toBe(429);
    expect(last.body.error.message).toMatch(/\(60 messages per user per minute\)/);
    expect(last.headers.get('ratelimit')).toMatch(/^"messages-1m";r=0;t=\d+$/);
    expect(last.headers.get('ratelimit-policy')).toBe('"messages-1m";q=60;w=60');
    // Reads are still allowed: the messages limit only applies where it is declared.
    expect((await api.get('/users/me', user.accessToken)).status).toBe(200);
    const other = await registerUser(api);
    expect((await api.post('/probe/messages', undefined, other.accessToken)).status).toBe(201);
  });
});
