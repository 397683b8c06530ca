// The user's signed-in devices: each sign-in is listed with its device (from the user agent),
// address and times; signing one out, or every other one, ends its tokens at their next use; a
// device that is not the caller's answers like a missing one and nothing changes.
import { describe, expect, it } from 'vitest';
import { registerUser } from '../support/rest-client';
import { useTestServer } from '../support/test-server';

const CHROME_LINUX = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';

describe('signed-in devices', () => {
  const server = useTestServer({ env: { RATE_LIMIT_LOGIN: '100/15m' } });

  const signIn = async (email: string, password: string, userAgent: string) => {
    const answer = await server.api.call('POST', '/auth/login', {
      body: { email, password },
      headers: { 'user-agent': userAgent },
    });
    expect(answer.status).toBe(200);
    return answer.body.data.tokens as { access_token: string; refresh_token: string };
  };

  it('lists each sign-in with its device, the current one first', async () => {
    const user = await registerUser(server.api);
    const laptop = await signIn(user.email, user.password, CHROME_LINUX);
    await signIn(user.email, user.password, SAFARI_IPHONE);
    const listed = await server.api.get('/auth/devices', laptop.access_token);
    expect(listed.status).toBe(200);
    const devices = listed.body.data.devices as Array<Record<string, unknown>>;
    expect(devices).toHaveLength(3);
    expect(devices[0]).toMatchObject({ current: true, label: 'Chrome on Linux', user_agent: CHROME_LINUX, ip: '127.0.0.1' });
    expect(devices.filter((device) => device.current)).toHaveLength(1);
    expect(devices.map((device) => device.label)).toContain('Safari on iOS');
    for (const device of devices) {
      expect(Date.parse(device.signed_in_at as string)).toBeLessThanOrEqual(Date.parse(device.last_used_at as string));
      expect(Date.parse(device.expires_at as string)).toBeGreaterThan(Date.now());
    }
    // Another user sees only their own.
    const stranger = await registerUser(server.api);
    expect((await server.api.get('/auth/devices', stranger.accessToken)).body.data.devices).toHaveLength(1);
  });

  it('signs a device out: its access and refresh tokens stop working; the others go on', async () => {
    const user = await registerUser(server.api);
    const phone = await signIn(user.email, user.password, SAFARI_IPHONE);
    const devices = (await server.api.get('/auth/devices', user.accessToken)).body.data.devices as Array<{
      device_id: string;
      label: string;
    }>;
    const target = devices.find((device) => device.label === 'Safari on iOS')!;
    const revoked = await server.api.delete(`/auth/devices/${target.device_id}`, user.accessToken);
    expect(revoked.status).toBe(200);
    expect((await server.api.get('/users/me', phone.access_token)).status).toBe(401);
    expect((await server.api.post('/auth/refresh', { refresh_token: phone.refresh_token })).status).toBe(401);
    expect((await server.api.get('/users/me', user.accessToken)).status).toBe(200);
    // Gone from the list; signing it out again is like a missing one.
    const after = (await server.api.get('/auth/devices', user.accessToken)).body.data.devices as Array<{ device_id: string }>;
    expect(after.map((device) => device.device_id)).not.toContain(target.device_id);
    expect((await server.api.delete(`/auth/devices/${target.device_id}`, user.accessToken)).status).toBe(404);
  });

  it('signs out every other device and keeps the current one', async () => {
    const user = await registerUser(server.api);
    const others = [
      await signIn(user.email, user.password, CHROME_LINUX),
      await signIn(user.email, user.password, SAFARI_IPHONE),
    ];
    const answer = await server.api.post('/auth/devices/revoke-others', undefined, user.accessToken);
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ revoked: 2 });
    for (const tokens of others) expect((await server.api.get('/users/me', tokens.access_token)).status).toBe(401);
    expect((await server.api.get('/auth/devices', user.accessToken)).body.data.devices).toHaveLength(1);
    expect((await server.api.post('/auth/devices/revoke-others', undefined, user.accessToken)).body.data).toEqual({ revoked: 0 });
  });

  it('signing the current device out is a logout', async () => {
    const user = await registerUser(server.api);
    const current = (await server.api.get('/auth/devices', user.accessToken)).body.data.devices[0].device_id as string;
    expect((await server.api.delete(`/auth/devices/${current}`, user.accessToken)).status).toBe(200);
    expect((await server.api.get('/users/me', user.accessToken)).status).toBe(401);
  });

  it('refuses another user’s device, a bad id and an API key, and changes nothing', async () => {
    const owner = await registerUser(server.api);
    const stranger = await registerUser(server.api);
    const ownerDevice = (await server.api.get('/auth/devices', owner.accessToken)).body.data.devices[0].device_id as string;
    const foreign = await server.api.delete(`/auth/devices/${ownerDevice}`, stranger.accessToken);
    expect([foreign.status, foreign.body.error.code]).toEqual([404, 'NOT_FOUND']);
    const bad = await server.api.delete('/auth/devices/not-a-uuid', owner.accessToken);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'VALIDATION_ERROR']);
    const key = (await server.api.post('/api-keys', { name: 'k', scope: 'write' }, owner.accessToken)).body.data.secret as string;
    const byKey = await server.api.call('GET', '/auth/devices', { headers: { 'x-api-key': key } });
    expect(byKey.status).toBe(403);
    const othersByKey = await server.api.call('POST', '/auth/devices/revoke-others', { headers: { 'x-api-key': key } });
    expect(othersByKey.status).toBe(403);
    expect((await server.api.get('/users/me', owner.accessToken)).status).toBe(200);
  });
});
