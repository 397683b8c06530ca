// Start-up and shutdown in one place, shared by main.ts, the tests and the benchmarks.
import { mkdir } from 'node:fs/promises';
import { openStore, type KvStore } from '@coditect/store';
import type { ApiDependencies } from '@coditect/api';
import { createApp, type App } from './app';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';

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

export async function startServer(config: Config, logger: Logger = createLogger(config.LOG_LEVEL)): Promise<RunningServer> {
  if (config.STORE === 'embedded') await mkdir(config.DATA_DIR, { recursive: true });
  const store = await openStore(
    config.STORE === 'fdb'
      ? { backend: 'fdb', clusterFile: config.FDB_CLUSTER_FILE }
      : { backend: 'embedded', dataDir: config.DATA_DIR },
  );
  const deps: ApiDependencies = {
    store,
    version: VERSION,
    startedAt: Date.now(),
    now: () => new Date(),
  };
  const app = createApp({ deps, logger, bodyLimit: config.BODY_LIMIT, trustProxy: config.TRUST_PROXY });
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
