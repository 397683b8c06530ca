import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startTestServer } from '../support/test-server';
import { registerUser, restClient } from '../support/rest-client';

describe('development JWT secret', () => {
  it('is generated once, kept in the data directory, and survives a restart', async () => {
    const first = await startTestServer({ JWT_SECRET: '' });
    const user = await registerUser(restClient(first.url));
    const secret = await readFile(join(first.dataDir, 'jwt-secret'), 'utf8');
    expect(Buffer.byteLength(secret.trim())).toBeGreaterThanOrEqual(32);
    await first.stop();
    const second = await startTestServer({ JWT_SECRET: '', DATA_DIR: first.dataDir });
    try {
      expect(await readFile(join(first.dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
      expect((await restClient(second.url).get('/users/me', user.accessToken)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

describe('DEMO_MODE', () => {
  it('creates demo@coditect.ai / demo only when enabled', async () => {
    const off = await startTestServer();
    try {
      expect((await restClient(off.url).post('/auth/login', { email: 'demo@coditect.ai', password: 'demo' })).status).toBe(401);
    } finally {
      await off.close();
    }
    const on = await startTestServer({ DEMO_MODE: '1' });
    try {
      const { status, body } = await restClient(on.url).post('/auth/login', { email: 'demo@coditect.ai', password: 'demo' });
      expect(status).toBe(200);
      expect(body.data.user.full_name).toBe('Demo User');
    } finally {
      await on.close();
    }
  });
});
