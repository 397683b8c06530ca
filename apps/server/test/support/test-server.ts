// Real servers on port 0 over a fresh embedded store in a temp dir, one per test file or test.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyTRPCRouter } from '@trpc/server';
import { openStore } from '@coditect/store';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { buildDependencies, startServer, type RunningServer } from '../../src/server';

export interface TestServer extends RunningServer {
  dataDir: string;
  close(): Promise<void>;
}

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

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

export async function startTestServer(env: Record<string, string> = {}, options: { now?: () => Date } = {}): Promise<TestServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'coditect-test-'));
  const config = testConfig(dataDir, env);
  const running = await startServer(config, { now: options.now });
  return {
    ...running,
    dataDir,
    async close() {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Serves an arbitrary router through the same app (REST shim + tRPC dispatch). */
export async function startRouterServer(router: AnyTRPCRouter, options: { bodyLimit?: number } = {}) {
  const dataDir = await mkdtemp(join(tmpdir(), 'coditect-router-'));
  const store = await openStore({ backend: 'embedded', dataDir });
  const logger = createLogger('silent');
  const app = createApp({
    deps: await buildDependencies(testConfig(dataDir, {}), store, logger),
    logger,
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    trustProxy: false,
    router,
  });
  const address = await app.listen(0, '127.0.0.1');
  return {
    app,
    store,
    deps: app.deps,
    url: `http://127.0.0.1:${address.port}`,
    async close() {
      await app.close();
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
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
