import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { resolveJwtSecret } from '../../src/jwt-secret';
import { SecretWatch } from '../support/secret-watch';
import { testServer } from '../support/test-server';
import { registerUser, restClient } from '../support/rest-client';

const warnings = (lines: string[]) => lines.map((line) => JSON.parse(line)).filter((entry) => entry.level === 40);

describe('development JWT secret', () => {
  it('is generated once, kept in the data directory, and survives a restart', async () => {
    const first = await testServer({ env: { JWT_SECRET: '' } });
    const user = await registerUser(restClient(first.url));
    const secret = await readFile(join(first.dataDir, 'jwt-secret'), 'utf8');
    expect(Buffer.byteLength(secret.trim())).toBeGreaterThanOrEqual(32);
    await first.stop();
    expect(warnings(first.secrets.lines).map((entry) => entry.msg)).toEqual([
      expect.stringMatching(/^JWT_SECRET is not set: generated a development secret/),
    ]);
    const second = await testServer({ env: { JWT_SECRET: '', DATA_DIR: first.dataDir } });
    try {
      expect(await readFile(join(first.dataDir, 'jwt-secret'), 'utf8')).toBe(secret);
      // Every start without JWT_SECRET says so, not only the one that generated the secret.
      const reused = warnings(second.secrets.lines);
      expect(reused.map((entry) => entry.msg)).toEqual([
        expect.stringMatching(/^JWT_SECRET is not set: using the development secret/),
      ]);
      expect(reused[0].file).toBe(join(first.dataDir, 'jwt-secret'));
      expect((await restClient(second.url).get('/users/me', user.accessToken)).status).toBe(200);
    } finally {
      await second.close();
    }
  });
});

describe('several servers starting at once on one data directory', () => {
  it('agree on one generated secret, and none sees the file half written', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coditect-secret-'));
    try {
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
      const watch = new SecretWatch('');
      const secrets = await Promise.all(Array.from({ length: 8 }, () => resolveJwtSecret(config, watch.logger)));
      const decoded = new Set(secrets.map((secret) => new TextDecoder().decode(secret)));
      expect(decoded.size).toBe(1);
      expect([...decoded][0]).toBe((await readFile(join(dataDir, 'jwt-secret'), 'utf8')).trim());
      expect(await readdir(dataDir)).toEqual(['jwt-secret']);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('a stored development secret that is too short', () => {
  it.each([
    ['short', 'short\n'],
    ['empty', ''],
  ])('(%s) stops start-up with one line naming the file, and is left as it is', async (_kind, contents) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'coditect-secret-'));
    const file = join(dataDir, 'jwt-secret');
    try {
      await writeFile(file, contents);
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir });
      const watch = new SecretWatch('');
      const refused = await resolveJwtSecret(config, watch.logger).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(ConfigError);
      const message = (refused as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toContain(file);
      expect(message).toMatch(/at least 32 bytes/);
      // Other processes may already sign with it: never replaced behind their backs.
      expect(await readFile(file, 'utf8')).toBe(contents);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});

describe('DEMO_MODE', () => {
  it('creates demo@coditect.ai / demo only when enabled', async () => {
    const off = await testServer();
    try {
      expect((await restClient(off.url).post('/auth/login', { email: 'demo@coditect.ai', password: 'demo' })).status).toBe(401);
    } finally {
      await off.close();
    }
    const on = await testServer({ env: { DEMO_MODE: '1' } });
    try {
      const { status, body } = await restClient(on.url).post('/auth/login', { email: 'demo@coditect.ai', password: 'demo' });
      expect(status).toBe(200);
      expect(body.data.user.full_name).toBe('Demo User');
    } finally {
      await on.close();
    }
  });
});
