// The one way server tests get a server: real HTTP on port 0 over a fresh embedded store in a temp
// dir, watched for leaked secrets, removed when disposed. Per test: `await using server = await
// testServer(options)`; per file: `const server = useTestServer(options)` (started before the
// file's tests, closed after them).
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useFileResource } from './file-resource';
import { loadConfig } from '../../src/config';
import { startServer, type RunningServer, type StartOptions } from '../../src/server';
import type { App } from '../../src/app';
import { restClient, type RestClient } from './rest-client';
import { SecretWatch } from './secret-watch';

export interface TestServerOptions extends StartOptions {
  /** Environment variables over the test defaults (e.g. `{ RATE_LIMIT_USER: '3/1m' }`). */
  env?: Record<string, string>;
}

export interface TestServer extends RunningServer, AsyncDisposable {
  deps: App['deps'];
  dataDir: string;
  /** A REST client for this server's /api/v5. */
  api: RestClient;
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
  RATE_LIMIT_LOGIN_IP: '100000/1m',
  RATE_LIMIT_LOGIN_ACCOUNT: '100000/1m',
  RATE_LIMIT_REGISTER: '100000/1m',
  RATE_LIMIT_REFRESH: '100000/1m',
  RATE_LIMIT_MESSAGES: '100000/1m',
  RATE_LIMIT_TASKS: '100000/1m',
  RATE_LIMIT_MAIL: '100000/1m',
  RATE_LIMIT_OAUTH: '100000/1m',
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
    // Each server with terminals probes bubblewrap once; the terminal tests turn them on.
    TERMINALS_ENABLED: 'false',
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

export async function testServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { env = {}, ...startOptions } = options;
  const dataDir = await mkdtemp(join(tmpdir(), 'coditect-test-'));
  // Searchable by others (not readable): as root, workspace trees below it belong to an
  // unprivileged uid that must be able to enter them (mkdtemp makes the directory 0700).
  await chmod(dataDir, 0o711);
  const config = testConfig(dataDir, env);
  const secrets = new SecretWatch(config.JWT_SECRET ?? '');
  let running: RunningServer;
  try {
    running = await startServer(config, {
      logger: secrets.logger,
      reportAuditFailure: secrets.reportAuditFailure,
      passwordStrength: 'in-thread',
      ...startOptions,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  secrets.watch(running.app.deps);
  if (!config.JWT_SECRET)
    secrets.add('the generated JWT secret', (await readFile(join(config.DATA_DIR, 'jwt-secret'), 'utf8')).trim());
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      try {
        await running.audit.flush();
        await secrets.assertNoLeaks(running.store);
      } finally {
        await running.stop();
        // A test may have pointed DATA_DIR elsewhere; the temp dir is ours either way.
        await rm(dataDir, { recursive: true, force: true });
      }
    })());
  return {
    ...running,
    deps: running.app.deps,
    dataDir,
    api: restClient(running.url),
    secrets,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/**
 * A server shared by a file's tests: the returned object is filled in before the first test and
 * closed after the last. `options` may be a function, read when the server starts (for values
 * another `beforeAll` prepares, such as a fake provider's URL).
 */
export function useTestServer(options: TestServerOptions | (() => TestServerOptions) = {}): TestServer {
  return useFileResource(
    () => testServer(typeof options === 'function' ? options() : options),
    (server) => server.close(),
  );
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
