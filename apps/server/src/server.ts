// Start-up and shutdown in one place, shared by main.ts, the tests and the benchmarks.
import { mkdir } from 'node:fs/promises';
import { openStore, type KvStore } from '@coditect/store';
import {
  ApiKeySecrets,
  TokenService,
  createOpenAiCompatibleProvider,
  createPasswordHasher,
  ensureDemoAccount,
  type ApiDependencies,
} from '@coditect/api';
import { createApp, type App } from './app';
import { corsOriginsFor } from './http/cors-policy';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { resolveJwtSecret } from './jwt-secret';

export const VERSION = '5.0.0';

export interface RunningServer {
  app: App;
  store: KvStore;
  logger: Logger;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Everything procedures share, built once per process. */
export async function buildDependencies(
  config: Config,
  store: KvStore,
  logger: Logger,
  now: () => Date = () => new Date(),
): Promise<ApiDependencies> {
  const secret = await resolveJwtSecret(config, logger);
  return {
    store,
    version: VERSION,
    startedAt: Date.now(),
    now,
    passwords: await createPasswordHasher(),
    tokens: new TokenService({
      secret,
      accessTtlSeconds: config.ACCESS_TOKEN_TTL,
      refreshTtlSeconds: config.REFRESH_TOKEN_TTL,
      now,
    }),
    apiKeys: new ApiKeySecrets(secret),
    llm: createOpenAiCompatibleProvider({
      baseUrl: config.LLM_BASE_URL,
      apiKey: config.LLM_API_KEY,
      timeoutMs: config.LLM_TIMEOUT * 1000,
    }),
  };
}

export interface StartOptions {
  logger?: Logger;
  /** The clock every service reads (tests move it forward). */
  now?: () => Date;
}

export async function startServer(config: Config, options: StartOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  if (config.STORE === 'embedded') await mkdir(config.DATA_DIR, { recursive: true });
  const store = await openStore(
    config.STORE === 'fdb'
      ? { backend: 'fdb', clusterFile: config.FDB_CLUSTER_FILE }
      : { backend: 'embedded', dataDir: config.DATA_DIR },
  );
  const deps = await buildDependencies(config, store, logger, options.now);
  if (config.DEMO_MODE && (await ensureDemoAccount(deps))) {
    logger.warn('DEMO_MODE: created the demo account demo@coditect.ai (password "demo")');
  }
  const app = createApp({
    deps,
    logger,
    bodyLimit: config.BODY_LIMIT,
    trustProxy: config.TRUST_PROXY,
    corsOrigins: corsOriginsFor(config),
    webAppDir: config.WEB_DIR,
  });
  if (!app.servesWebApp) logger.info({ webDir: config.WEB_DIR }, 'no built web app there: serving the API only');
  let address;
  try {
    address = await app.listen(config.PORT, config.HOST);
  } catch (error) {
    await store.close();
    throw error;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const reachableHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  let stopping: Promise<void> | undefined;
  return {
    app,
    store,
    logger,
    url: `http://${reachableHost}:${address.port}`,
    port: address.port,
    stop() {
      stopping ??= (async () => {
        await app.close();
        await store.close();
      })();
      return stopping;
    },
  };
}
