// Password spraying and the other anonymous or expensive calls: failed sign-ins are limited per
// client address across emails and per account across addresses (an address the account signed in
// from lately is exempt, so nobody can lock its owner out); a wrong current password counts like
// a failed sign-in; token refreshes are limited per address.
import { describe, expect, it } from 'vitest';
import { registerUser, TEST_PASSWORD, uniqueEmail } from '../support/rest-client';
import { useTestServer } from '../support/test-server';

describe('password guessing', () => {
  const server = useTestServer({
    env: {
      TRUST_PROXY: 'true',
      RATE_LIMIT_LOGIN: '100/15m',
      RATE_LIMIT_LOGIN_IP: '6/15m',
      RATE_LIMIT_LOGIN_ACCOUNT: '4/1h',
      RATE_LIMIT_REFRESH: '3/1m',
    },
  });
  const login = (email: string, password: string, ip: string) =>
    server.api.call('POST', '/auth/login', { body: { email, password }, headers: { 'x-forwarded-for': ip } });

  it('one address trying one password against many emails is stopped after its failures, known or not', async () => {
    const victims = await Promise.all([registerUser(server.api), registerUser(server.api)]);
    const emails = [
      victims[0].email,
      uniqueEmail('ghost'),
      victims[1].email,
      uniqueEmail('ghost'),
      uniqueEmail('ghost'),
      uniqueEmail('ghost'),
    ];
    for (const email of emails) expect((await login(email, 'Summer2026!', '198.51.100.10')).status).toBe(401);
    const refused = await login(uniqueEmail('next'), 'Summer2026!', '198.51.100.10');
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    expect(refused.body.error.message).toMatch(/failed sign-ins per client IP/);
    // Another address is not affected.
    expect((await login(victims[0].email, TEST_PASSWORD, '198.51.100.11')).status).toBe(200);
  });

  it('successes do not count: a busy shared address keeps signing its users in', async () => {
    for (let round = 0; round < 8; round += 1) {
      const user = await registerUser(server.api);
      expect((await login(user.email, TEST_PASSWORD, '198.51.100.20')).status).toBe(200);
    }
  });

  it('many addresses guessing one account are stopped, but not its owner at an address it signed in from', async () => {
    const owner = await registerUser(server.api);
    expect((await login(owner.email, TEST_PASSWORD, '192.0.2.50')).status).toBe(200);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      expect((await login(owner.email, 'wrong guess', `203.0.113.${attempt + 1}`)).status).toBe(401);
    }
    const attacker = await login(owner.email, TEST_PASSWORD, '203.0.113.99');
    expect([attacker.status, attacker.body.error.code]).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
    expect(attacker.body.error.message).toMatch(/failed sign-ins per account/);
    // The owner, from where they signed in before, is not locked out.
    expect((await login(owner.email, TEST_PASSWORD, '192.0.2.50')).status).toBe(200);
  });

  it('a wrong current password in a password change counts like a failed sign-in', async () => {
    const user = await registerUser(server.api);
    const change = (current: string) =>
      server.api.call('PUT', '/users/me/password', {
        body: { current_password: current, new_password: 'another correct horse battery' },
        headers: { authorization: `Bearer ${user.accessToken}`, 'x-forwarded-for': '198.51.100.30' },
      });
    for (let attempt = 0; attempt < 4; attempt += 1)
      expect((await change('wrong guess')).body.error.code).toBe('INVALID_PASSWORD');
    const refused = await change(TEST_PASSWORD);
    expect([refused.status, refused.body.error.code]).toEqual([429, 'RATE_LIMIT_EXCEEDED']);
  });

  it('token refreshes are limited per address', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const response = await server.api.call('POST', '/auth/refresh', {
        body: { refresh_token: 'not-a-token' },
        headers: { 'x-forwarded-for': '198.51.100.40' },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});
