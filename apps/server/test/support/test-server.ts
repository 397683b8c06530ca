// Real servers on port 0 over a fresh embedded store in a temp dir, one per test file or test.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyTRPCRouter } from '@trpc/server';
import { openStore } from '@coditect/store';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { buildDependencies, startServer, type RunningServer, type StartOptions } from '../../src/server';
import { SecretWatch } from './secret-watch';

export interface TestServer extends RunningServer {
  dataDir: string;
  /** Scans the server's audit trail and log lines for leaked secrets (the close does too). */
  secrets: SecretWatch;
  /** Fails (throws) if any audit entry or log line holds a secret, then stops the server. */
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

/**
 * Every test talks from 127.0.0.1, so the production limits (3 registrations per hour per IP...)
 * would refuse most suites' set-up. Tests of the limits themselves pass the limits they test.
 */
export const GENEROUS_RATE_LIMITS: Record<string, string> = {
  RATE_LIMIT_USER: '100000/1m',
  RATE_LIMIT_TENANT: '100000/1m',
  RATE_LIMIT_LOGIN: '100000/1m',
  RATE_LIMIT_REGISTER: '100000/1m',
  RATE_LIMIT_MESSAGES: '100000/1m',
};

function testConfig(dataDir: string, env: Record<string, string>) {
  return loadConfig({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    // No web app unless a test asks for one: unknown paths stay JSON 404s whatever is built.
    WEB_DIR: join(dataDir, 'no-web-app'),
    LOG_LEVEL: 'silent',
    JWT_SECRET: TEST_JWT_SECRET,
    ...GENEROUS_RATE_LIMITS,
    ...env,
  });
}

/** A clock tests can move forward. */
export function manualClock(start = Date.now()) {
  let offsetMs = 0;
  return {
    now: () => new Date(start + offsetMs + (Date.now() - start)),
    advance(ms: number) {
      offsetMs += ms;
    },
  };
}

export async function startTestServer(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'coditect-test-'));
  const config = testConfig(dataDir, env);
  const secrets = new SecretWatch(config.JWT_SECRET ?? '');
  const running = await startServer(config, { logger: secrets.logger, reportAuditFailure: secrets.reportAuditFailure, ...options });
  secrets.watch(running.app.deps);
  if (!config.JWT_SECRET) secrets.add('the generated JWT secret', await readFile(join(config.DATA_DIR, 'jwt-secret'), 'utf8').then((text) => text.trim()));
  return {
    ...running,
    dataDir,
    secrets,
    async close() {
      try {
        await running.audit.flush();
        await secrets.assertNoLeaks(running.store);
      } finally {
        await running.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** Serves an arbitrary router through the same app (REST shim + tRPC dispatch). */
export async function startRouterServer(router: AnyTRPCRouter, options: { bodyLimit?: number; env?: Record<string, string> } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'coditect-router-'));
  const store = await openStore({ backend: 'embedded', dataDir });
  const config = testConfig(dataDir, options.env ?? {});
  const secrets = new SecretWatch(config.JWT_SECRET ?? '');
  const logger = secrets.logger;
  const deps = await buildDependencies(config, store, logger, undefined, { reportAuditFailure: secrets.reportAuditFailure });
  secrets.watch(deps);
  const app = createApp({
    deps,
    logger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: false,
    router,
  });
  const address = await app.listen(0, '127.0.0.1');
  return {
    app,
    store,
    deps,
    url: `http://127.0.0.1:${address.port}`,
    secrets,
    async close() {
      try {
        await app.close();
        await deps.release();
        await secrets.assertNoLeaks(store);
      } finally {
        await store.close();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

export async function getJson(url: string, init?: RequestInit) {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`expected JSON from ${init?.method ?? 'GET'} ${url}, got ${response.status}: ${text.slice(0, 200)}`);
  }
  return { status: response.status, headers: response.headers, body: body as any };
}
