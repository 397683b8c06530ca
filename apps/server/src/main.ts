// Entry point: validate configuration, then either serve (one process) or, with WORKERS > 1,
// run the cluster primary that forks the serving workers. Drains on SIGTERM/SIGINT.
import cluster from 'node:cluster';
import { ConfigError, loadConfig, loadEnvFiles, type Config } from './config';
import { runClusterPrimary } from './cluster-primary';
import { createLogger } from './logger';
import { startServer } from './server';

/** Bad configuration (also found later, like a short stored secret) stops start-up with one line. */
function exitOnConfigError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

let config: Config;
let envFiles: string[];
try {
  envFiles = loadEnvFiles();
  config = loadConfig();
} catch (error) {
  exitOnConfigError(error);
}

const logger = createLogger(config.LOG_LEVEL);
if (envFiles.length > 0 && cluster.isPrimary) logger.info({ files: envFiles }, 'read settings from .env (set variables win)');
// One process unless asked (WORKERS); with several, the primary holds what is shared (cluster-primary.ts).
const workers = config.WORKERS ?? 1;

if (workers > 1 && cluster.isPrimary) {
  await runClusterPrimary(config, logger, workers).catch(exitOnConfigError);
} else {
  const running = await startServer(config, { logger }).catch((error: unknown) => {
    if (error instanceof ConfigError) exitOnConfigError(error);
    logger.fatal({ err: error }, 'start-up failed');
    process.exit(1);
  });
  logger.info(
    { url: running.url, store: config.STORE, dataDir: config.DATA_DIR, webApp: running.app.servesWebApp, pid: process.pid },
    'Coditect server listening',
  );

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.info({ signal }, 'draining requests and closing the store');
      running.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
