// Common and guessable passwords are refused at registration and at a password change, with a
// message saying why; strong ones pass.
import { describe, expect, it } from 'vitest';
import { registerUser, TEST_PASSWORD, uniqueEmail } from '../support/rest-client';
import { useTestServer } from '../support/test-server';

describe('password strength', () => {
  const server = useTestServer();
  const register = (password: string, email = uniqueEmail('weak')) =>
    server.api.post('/auth/register', { email, password, first_name: 'Alice', last_name: 'Lidell' });

  it.each(['password', '12345678', 'qwertyuiop', 'password123', 'Password1!', 'aaaaaaaaaaaa', 'alicelidell1'])(
    'refuses %j at registration with a 400 naming why',
    async (password) => {
      const refused = await register(password);
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION_ERROR');
      const detail = (refused.body.error.details as Array<{ path: string; message: string }>).find(
        (item) => item.path === 'password',
      );
      expect(detail?.message).toMatch(/too easy to guess/);
    },
  );

  it('refuses a password made of the user’s own email address', async () => {
    const refused = await register('mallory.blackwood!', 'mallory.blackwood@example.com');
    expect(refused.status).toBe(400);
  });

  it('accepts long unrelated words', async () => {
    expect((await register('correct horse battery staple')).status).toBe(201);
    expect((await register('velvet quarry lantern 1977')).status).toBe(201);
  });

  it('refuses a weak new password at a password change, leaving the old one in place', async () => {
    const user = await registerUser(server.api);
    const refused = await server.api.put(
      '/users/me/password',
      { current_password: TEST_PASSWORD, new_password: 'iloveyou1' },
      user.accessToken,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0].path).toBe('new_password');
    expect((await server.api.get('/users/me', user.accessToken)).status).toBe(200);
    expect((await server.api.post('/auth/login', { email: user.email, password: TEST_PASSWORD })).status).toBe(200);
  });
});
