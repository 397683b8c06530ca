import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  loadConfig,
  loadEnvFiles,
  parseByteSize,
  parseDurationSeconds,
  parseRateLimit,
  workspacesDir,
} from '../src/config';
import { workspaceOwner } from '../src/workspace-setup';

describe('configuration', () => {
  it('has working defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 8080,
      STORE: 'embedded',
      ACCESS_TOKEN_TTL: 3600,
      REFRESH_TOKEN_TTL: 30 * 86_400,
      BODY_LIMIT: 1024 * 1024,
      LLM_BASE_URL: 'http://localhost:1234/v1',
      TRUST_PROXY: false,
    });
    expect(config.RATE_LIMIT_LOGIN).toEqual([{ points: 5, durationSeconds: 900 }]);
    expect(config.RATE_LIMIT_USER).toHaveLength(3);
    expect(config.WEB_DIR.replaceAll('\\', '/')).toMatch(/\/apps\/web\/dist$/);
  });

  it('puts workspaces under DATA_DIR unless WORKSPACES_DIR says otherwise, with the documented limits', () => {
    const config = loadConfig({ DATA_DIR: '/srv/coditect' });
    expect(workspacesDir(config)).toBe('/srv/coditect/workspaces');
    expect(workspacesDir(loadConfig({ DATA_DIR: '/srv/coditect', WORKSPACES_DIR: '/mnt/trees' }))).toBe('/mnt/trees');
    expect(config).toMatchObject({
      WORKSPACE_MAX_BYTES: 2 * 1024 ** 3,
      WORKSPACE_MAX_FILES: 200_000,
      WORKSPACE_MAX_FILE_SIZE: 100 * 1024 ** 2,
      TENANT_WORKSPACES_MAX_BYTES: 20 * 1024 ** 3,
      TENANT_WORKSPACES_MAX_FILES: 2_000_000,
      FILE_EDIT_LIMIT: 10 * 1024 ** 2,
      UPLOAD_LIMIT: 512 * 1024 ** 2,
      DOWNLOAD_LIMIT: 2 * 1024 ** 3,
      WORKSPACE_UID: 1000,
      WORKSPACE_GID: 1000,
      RIPGREP_PATH: 'rg',
    });
    expect(loadConfig({ WORKSPACE_MAX_BYTES: '64kb', WORKSPACE_UID: '60123' })).toMatchObject({
      WORKSPACE_MAX_BYTES: 65_536,
      WORKSPACE_UID: 60_123,
    });
    // Workspaces owned by root would be refused by the terminal sandbox.
    expect(() => loadConfig({ WORKSPACE_UID: '0' })).toThrow(/^Invalid configuration: WORKSPACE_UID /);
    expect(() => loadConfig({ UPLOAD_LIMIT: 'lots' })).toThrow(/^Invalid configuration: UPLOAD_LIMIT must be a size/);
  });

  it('gives workspaces to WORKSPACE_UID:WORKSPACE_GID only when the server runs as root', () => {
    const config = loadConfig({ WORKSPACE_UID: '61001', WORKSPACE_GID: '61002' });
    expect(workspaceOwner(config, 0)).toEqual({ uid: 61_001, gid: 61_002 });
    expect(workspaceOwner(config, 1000)).toBeUndefined();
  });

  it('reads whole numbers written in decimal digits', () => {
    expect(loadConfig({ PORT: '0' }).PORT).toBe(0);
    expect(loadConfig({ PORT: '65535' }).PORT).toBe(65_535);
    expect(loadConfig({ PORT: '08080' }).PORT).toBe(8080);
    expect(loadConfig({ WORKERS: '1' }).WORKERS).toBe(1);
    expect(loadConfig({ WORKERS: '2', TERMINALS_ENABLED: 'false' }).WORKERS).toBe(2);
    // Terminals run in the primary's host, reached by every worker.
    expect(loadConfig({ WORKERS: '2' }).WORKERS).toBe(2);
    expect(loadConfig({ LLM_PROVIDERS: '' }).LLM_PROVIDERS).toEqual([]);
    expect(
      loadConfig({ LLM_PROVIDERS: '[{"name":"openai","base_url":"https://api.openai.com/v1","models":["gpt-4o-mini"]}]' })
        .LLM_PROVIDERS,
    ).toEqual([{ name: 'openai', base_url: 'https://api.openai.com/v1', models: ['gpt-4o-mini'] }]);
    expect(loadConfig({}).WORKERS).toBeUndefined();
  });

  it('binds to loopback unless told otherwise, except in production', () => {
    expect(loadConfig({}).HOST).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'test' }).HOST).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).HOST).toBe('0.0.0.0');
    const random = 'Qm9yZGVyLWNvbGxpZGUtc2VjcmV0LTQ4LWJ5dGVzLXJhbmRvbQ';
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: random }).HOST).toBe('0.0.0.0');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: random, HOST: '10.0.0.5' }).HOST).toBe('10.0.0.5');
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', JWT_SECRET: '' }).PORT).toBe(8080);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ PORT: '70000' }, /^Invalid configuration: PORT /],
    // z.coerce.number() read " " as 0 and took hex, exponents, signs and fractions.
    [{ PORT: ' ' }, /^Invalid configuration: PORT must be a whole number from 0 to 65535 \(got " "\)$/],
    [{ PORT: '0x1F90' }, /^Invalid configuration: PORT must be a whole number/],
    [{ PORT: '1e3' }, /^Invalid configuration: PORT must be a whole number/],
    [{ PORT: '-1' }, /^Invalid configuration: PORT must be a whole number/],
    [{ PORT: '+80' }, /^Invalid configuration: PORT must be a whole number/],
    [{ PORT: '8080.0' }, /^Invalid configuration: PORT must be a whole number/],
    [{ PORT: ' 8080' }, /^Invalid configuration: PORT must be a whole number/],
    [{ WORKERS: ' ' }, /^Invalid configuration: WORKERS must be a whole number from 1 to /],
    [{ WORKERS: '0x2' }, /^Invalid configuration: WORKERS must be a whole number/],
    [{ WORKERS: '2e0' }, /^Invalid configuration: WORKERS must be a whole number/],
    [{ WORKERS: '0' }, /^Invalid configuration: WORKERS must be a whole number from 1 to /],
    [{ WORKERS: '100000' }, /^Invalid configuration: WORKERS must be a whole number from 1 to /],
    [{ LLM_PROVIDERS: 'nope' }, /^Invalid configuration: LLM_PROVIDERS must be a JSON array/],
    [{ LLM_PROVIDERS: '[{"name":"lmstudio","base_url":"https://x.example"}]' }, /names must differ/],
    [{ LLM_PROVIDERS: '[{"name":"a","base_url":"ftp://x.example"}]' }, /^Invalid configuration: LLM_PROVIDERS/],
    [{ LLM_PROVIDER_NAME: 'default' }, /^Invalid configuration: LLM_PROVIDER_NAME cannot be "default"/],
    [{ STORE: 'postgres' }, /^Invalid configuration: STORE /],
    [{ STORE: 'fdb' }, /^Invalid configuration: FDB_CLUSTER_FILE is required when STORE=fdb$/],
    [{ JWT_SECRET: 'short' }, /^Invalid configuration: JWT_SECRET must be at least 32 bytes long$/],
    [{ NODE_ENV: 'production' }, /^Invalid configuration: JWT_SECRET is required in production/],
    [
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(64) },
      /^Invalid configuration: JWT_SECRET is too predictable for production \(about 0 bits/,
    ],
    [{ NODE_ENV: 'production', JWT_SECRET: 'ab'.repeat(32) }, /^Invalid configuration: JWT_SECRET is too predictable/],
    [
      {
        NODE_ENV: 'production',
        JWT_SECRET: 'Qm9yZGVyLWNvbGxpZGUtc2VjcmV0LTQ4LWJ5dGVzLXJhbmRvbQ',
        JWT_SECRET_PREVIOUS: 'z'.repeat(40),
      },
      /^Invalid configuration: JWT_SECRET_PREVIOUS is too predictable/,
    ],
    [
      {
        JWT_SECRET: 'the-same-secret-on-both-sides-of-a-rotation',
        JWT_SECRET_PREVIOUS: 'the-same-secret-on-both-sides-of-a-rotation',
      },
      /^Invalid configuration: JWT_SECRET_PREVIOUS must differ from JWT_SECRET$/,
    ],
    [{ RATE_LIMIT_LOGIN: '5 per minute' }, /^Invalid configuration: RATE_LIMIT_LOGIN must look like 5\/15m/],
    [{ RATE_LIMIT_USER: '0/1m' }, /RATE_LIMIT_USER/],
    [{ ACCESS_TOKEN_TTL: '1 week' }, /^Invalid configuration: ACCESS_TOKEN_TTL must be a duration/],
    [{ BODY_LIMIT: 'huge' }, /^Invalid configuration: BODY_LIMIT /],
    [{ REDIS_URL: 'localhost:6379' }, /^Invalid configuration: REDIS_URL must be a redis:\/\//],
    [{ LLM_BASE_URL: 'ftp://x' }, /^Invalid configuration: LLM_BASE_URL /],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL /],
    [{ TRUST_PROXY: 'maybe' }, /^Invalid configuration: TRUST_PROXY /],
  ])('rejects %j with one clear line', (env, message) => {
    let caught: unknown;
    try {
      loadConfig(env);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain('\n');
  });

  it('parses durations, sizes and rate limits', () => {
    expect(parseDurationSeconds('90')).toBe(90);
    expect(parseDurationSeconds('15m')).toBe(900);
    expect(parseDurationSeconds('30d')).toBe(2_592_000);
    expect(parseDurationSeconds('0s')).toBeUndefined();
    expect(parseByteSize('512kb')).toBe(524_288);
    expect(parseByteSize('2MB')).toBe(2_097_152);
    expect(parseRateLimit('100/1m, 1000/1h')).toEqual([
      { points: 100, durationSeconds: 60 },
      { points: 1000, durationSeconds: 3600 },
    ]);
    expect(parseRateLimit('100/1m,')).toBeUndefined();
  });
});

describe('.env files', () => {
  it('fill in unset variables only, the first directory (the working one) before the repository', async () => {
    const [near, far, missing] = await Promise.all([0, 1, 2].map(() => mkdtemp(join(tmpdir(), 'coditect-env-'))));
    // Names no one else uses: loadEnvFiles writes into this process's environment.
    const prefix = `CODITECT_ENV_TEST_${process.pid}_`;
    const names = ['SET', 'NEAR', 'FAR'].map((name) => prefix + name);
    try {
      await writeFile(join(near!, '.env'), `${prefix}SET=near\n${prefix}NEAR=near\n`);
      await writeFile(join(far!, '.env'), `${prefix}SET=far\n${prefix}NEAR=far\n${prefix}FAR=far\n`);
      process.env[`${prefix}SET`] = 'environment';
      expect(loadEnvFiles([near!, missing!, far!, near!])).toEqual([join(near!, '.env'), join(far!, '.env')]);
      expect(names.map((name) => process.env[name])).toEqual(['environment', 'near', 'far']);
    } finally {
      for (const name of names) delete process.env[name];
      await Promise.all([near, far, missing].map((dir) => rm(dir!, { recursive: true, force: true })));
    }
  });
});
