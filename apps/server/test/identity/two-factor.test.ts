// TOTP two-factor over HTTP, with codes made by otpauth as an authenticator app would: setup needs
// the password and a first code; then a sign-in answers 401 TWO_FACTOR_REQUIRED with a challenge
// that a code (or a recovery code, once) completes. Codes work once; wrong ones count as failed
// sign-ins and a challenge dies after five; the seed is sealed at rest.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { readTrail } from '../support/audit-trail';
import { registerUser, TEST_PASSWORD, type RegisteredUser } from '../support/rest-client';
import { manualClock, testServer, type TestServer } from '../support/test-server';

const STEP_MS = 30_000;

describe('two-factor authentication', () => {
  let server: TestServer;
  const clock = manualClock();

  beforeAll(async () => {
    server = await testServer({ now: clock.now, env: { RATE_LIMIT_LOGIN_ACCOUNT: '6/1h' } });
  });
  afterAll(async () => server?.close());

  /** The code an authenticator app shows for `seed` at the server's time. */
  const codeFor = (seed: string, offsetMs = 0) =>
    new TOTP({ secret: Secret.fromBase32(seed), digits: 6, period: 30, algorithm: 'SHA1' }).generate({
      timestamp: clock.now().getTime() + offsetMs,
    });

  async function enrolled(): Promise<{ user: RegisteredUser; seed: string; recovery: string[] }> {
    const user = await registerUser(server.api);
    const setup = await server.api.post('/auth/two-factor/setup', { password: TEST_PASSWORD }, user.accessToken);
    expect(setup.status).toBe(200);
    const seed = setup.body.data.secret as string;
    server.secrets.add('a two-factor seed', seed);
    const enabled = await server.api.post('/auth/two-factor/enable', { code: codeFor(seed) }, user.accessToken);
    expect(enabled.status).toBe(200);
    // The next code an app shows is a later step's: the first one was spent on the setup.
    clock.advance(STEP_MS);
    return { user, seed, recovery: enabled.body.data.recovery_codes };
  }

  const login = (user: RegisteredUser) => server.api.post('/auth/login', { email: user.email, password: user.password });
  const challengeOf = async (user: RegisteredUser) => {
    const answer = await login(user);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('TWO_FACTOR_REQUIRED');
    return answer.body.error.details.challenge as string;
  };
  const verify = (challenge: string, code: string) => server.api.post('/auth/two-factor/verify', { challenge, code });

  it('sets up with the password and a first code, and shows the recovery codes once', async () => {
    const user = await registerUser(server.api);
    expect((await server.api.get('/auth/two-factor', user.accessToken)).body.data).toEqual({
      enabled: false,
      enabled_at: null,
      recovery_codes_left: 0,
    });
    const wrongPassword = await server.api.post('/auth/two-factor/setup', { password: 'not my password' }, user.accessToken);
    expect(wrongPassword.status).toBe(401);
    expect(wrongPassword.body.error.code).toBe('INVALID_PASSWORD');
    expect((await server.api.post('/auth/two-factor/enable', { code: '123456' }, user.accessToken)).status).toBe(409);

    const setup = await server.api.post('/auth/two-factor/setup', { password: TEST_PASSWORD }, user.accessToken);
    const { secret, otpauth_url } = setup.body.data as { secret: string; otpauth_url: string };
    server.secrets.add('a two-factor seed', secret);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(otpauth_url);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(secret);
    expect(url.searchParams.get('issuer')).toBe('Coditect');
    expect(decodeURIComponent(url.pathname)).toContain(user.email);

    const wrongCode = await server.api.post('/auth/two-factor/enable', { code: codeFor(secret, 10 * STEP_MS) }, user.accessToken);
    expect(wrongCode.status).toBe(401);
    expect(wrongCode.body.error.code).toBe('INVALID_TWO_FACTOR_CODE');
    const enabled = await server.api.post('/auth/two-factor/enable', { code: codeFor(secret) }, user.accessToken);
    expect(enabled.status).toBe(200);
    const codes = enabled.body.data.recovery_codes as string[];
    expect(codes).toHaveLength(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{5}-[a-z2-9]{5}$/);
    expect(new Set(codes).size).toBe(10);
    const status = (await server.api.get('/auth/two-factor', user.accessToken)).body.data;
    expect(status).toMatchObject({ enabled: true, recovery_codes_left: 10 });
    expect((await server.api.post('/auth/two-factor/setup', { password: TEST_PASSWORD }, user.accessToken)).status).toBe(409);

    // Sealed at rest: the seed appears nowhere in the store.
    const everything = await server.store.transact((tx) => tx.getRange(Buffer.from([0x00]), Buffer.from([0xff])));
    expect(everything.some((row) => row.value.toString('utf8').includes(secret))).toBe(false);
  });

  it('asks for a code at sign-in; a code signs in once', async () => {
    const { user, seed } = await enrolled();
    const challenge = await challengeOf(user);
    const wrong = await verify(challenge, '000000' === codeFor(seed) ? '111111' : '000000');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('INVALID_TWO_FACTOR_CODE');

    const code = codeFor(seed);
    const signedIn = await verify(challenge, code);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.data.user).toMatchObject({ user_id: user.userId, email: user.email });
    expect((await server.api.get('/users/me', signedIn.body.data.tokens.access_token)).status).toBe(200);
    expect((await verify(challenge, codeFor(seed))).body.error.code).toBe('INVALID_TOKEN');
    // The same code again, on a fresh challenge: refused (it was spent).
    expect((await verify(await challengeOf(user), code)).body.error.code).toBe('INVALID_TWO_FACTOR_CODE');
    // A code of the step before or after still works (clock drift), if not spent.
    clock.advance(STEP_MS);
    expect((await verify(await challengeOf(user), codeFor(seed, STEP_MS))).status).toBe(200);

    await server.audit.flush();
    const trail = await readTrail(server.store, user.tenantId);
    expect(
      trail.some((entry) => entry.event_type === 'auth.login_failed' && entry.error_code === 'INVALID_TWO_FACTOR_CODE'),
    ).toBe(true);
    expect(trail.some((entry) => entry.event_type === 'auth.login' && entry.endpoint === '/api/v5/auth/two-factor/verify')).toBe(
      true,
    );
  });

  it('takes each recovery code once, however it is typed', async () => {
    const { user, recovery } = await enrolled();
    const typed = recovery[3]!.toUpperCase().replace('-', ' ');
    expect((await verify(await challengeOf(user), typed)).status).toBe(200);
    expect((await verify(await challengeOf(user), recovery[3]!)).body.error.code).toBe('INVALID_TWO_FACTOR_CODE');
    const session = (await verify(await challengeOf(user), recovery[4]!)).body.data.tokens.access_token as string;
    expect((await server.api.get('/auth/two-factor', session)).body.data.recovery_codes_left).toBe(8);

    const fresh = await server.api.post('/auth/two-factor/recovery-codes', { password: TEST_PASSWORD }, session);
    expect(fresh.status).toBe(200);
    expect((await verify(await challengeOf(user), recovery[5]!)).body.error.code).toBe('INVALID_TWO_FACTOR_CODE');
    expect((await verify(await challengeOf(user), fresh.body.data.recovery_codes[0])).status).toBe(200);
  });

  it('throttles guessing: a challenge dies after five wrong codes, the account after its failure limit', async () => {
    const { user, seed } = await enrolled();
    const wrongCode = () => (codeFor(seed) === '424242' ? '242424' : '424242');
    const challenge = await challengeOf(user);
    for (let attempt = 0; attempt < 5; attempt += 1) {
      expect((await verify(challenge, wrongCode())).body.error.code).toBe('INVALID_TWO_FACTOR_CODE');
    }
    expect((await verify(challenge, codeFor(seed))).body.error.code).toBe('INVALID_TOKEN');
    // Five failures counted against the account (limit 6/h): one more wrong code, then even the right one waits.
    const next = await challengeOf(user);
    expect((await verify(next, wrongCode())).body.error.code).toBe('INVALID_TWO_FACTOR_CODE');
    const refused = await verify(next, codeFor(seed));
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMIT_EXCEEDED');
  });

  it('turns off with the password; then the password alone signs in', async () => {
    const { user } = await enrolled();
    const signedIn = await server.api.post('/auth/two-factor/verify', {
      challenge: await challengeOf(user),
      code: 'wrong',
    });
    expect(signedIn.status).toBe(401);
    expect((await server.api.post('/auth/two-factor/disable', { password: 'nope' }, user.accessToken)).body.error.code).toBe(
      'INVALID_PASSWORD',
    );
    const off = await server.api.post('/auth/two-factor/disable', { password: TEST_PASSWORD }, user.accessToken);
    expect(off.status).toBe(200);
    expect((await login(user)).status).toBe(200);
    expect((await server.api.post('/auth/two-factor/disable', { password: TEST_PASSWORD }, user.accessToken)).status).toBe(409);
  });

  it('refuses malformed requests with 400, and API keys cannot manage it', async () => {
    const user = await registerUser(server.api);
    for (const body of [
      {},
      { challenge: 'x' },
      { code: '123456' },
      { challenge: 'x', code: '1'.repeat(40) },
      { challenge: 'x', code: '123456', extra: 1 },
    ]) {
      expect((await server.api.post('/auth/two-factor/verify', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect((await verify('no-such-challenge', '123456')).body.error.code).toBe('INVALID_TOKEN');
    expect((await server.api.post('/auth/two-factor/setup', {}, user.accessToken)).status).toBe(400);
    const key = await server.api.post('/api-keys', { name: 'ci', scope: 'write' }, user.accessToken);
    expect(key.status).toBe(201);
    const byKey = await server.api.post('/auth/two-factor/setup', { password: TEST_PASSWORD }, key.body.data.secret);
    expect(byKey.status).toBe(403);
    expect(byKey.body.error.code).toBe('FORBIDDEN');
  });
});
