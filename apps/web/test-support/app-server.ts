// The real server (startServer, as `pnpm start` runs it) over a fresh data directory and port 0,
// serving the production build of the web app from apps/web/dist unless told not to.
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, startServer, type RunningServer } from '@coditect/server';

export const WEB_DIST = fileURLToPath(new URL('../dist', import.meta.url));

export interface AppServer {
  url: string;
  close(): Promise<void>;
}

export async function startAppServer(options: { env?: Record<string, string>; webApp?: boolean } = {}): Promise<AppServer> {
  const { env = {}, webApp = true } = options;
  if (webApp && !existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error(
      `No production build at ${WEB_DIST}: run "pnpm --filter @coditect/web build" first (turbo does before tests).`,
    );
  }
  const dataDir = await mkdtemp(join(tmpdir(), 'coditect-e2e-'));
  // Searchable by others (not readable), as the server's tests do: as root, a terminal's sandbox
  // runs as the workspace's owner, which must be able to enter its tree below (mkdtemp makes 0700).
  await chmod(dataDir, 0o711);
  const running: RunningServer = await startServer(
    loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      WEB_DIR: webApp ? WEB_DIST : join(dataDir, 'no-web-app'),
      LOG_LEVEL: 'silent',
      JWT_SECRET: 'e2e-secret-that-is-long-enough-for-hs256!!',
      // Each scenario registers and signs in several users from one address, and a few of them
      // make more calls a minute than a person would (bulk setup through the REST API).
      RATE_LIMIT_REGISTER: '1000/1m',
      RATE_LIMIT_LOGIN: '1000/1m',
      RATE_LIMIT_LOGIN_IP: '1000/1m',
      RATE_LIMIT_LOGIN_ACCOUNT: '1000/1m',
      RATE_LIMIT_REFRESH: '1000/1m',
      RATE_LIMIT_USER: '10000/1m',
      RATE_LIMIT_TENANT: '10000/1m',
      RATE_LIMIT_MESSAGES: '1000/1m',
      ...env,
    }),
    // Tests run the server from TypeScript sources, which a worker thread could not load.
    { passwordStrength: 'in-thread' },
  );
  return {
    url: running.url,
    async close() {
      await running.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
