// WORKERS > 1: the primary forks that many server processes sharing one port (node:cluster) and
// one embedded store (LMDB's multi-process mode; commits validate inside LMDB's cross-process
// write lock). Without Redis, the primary keeps the rate-limit counters for all workers. A worker
// that dies unexpectedly is replaced; SIGTERM drains every worker.
import cluster, { type Worker } from 'node:cluster';
import { mkdir } from 'node:fs/promises';
import { openStore } from '@coditect/store';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import type { Config } from './config';
import type { Logger } from './logger';
import { resolveJwtSecret } from './jwt-secret';
import { serveClusterMetrics } from './metrics/metrics-endpoint';

const RESTART_DELAY_MS = 500;

export async function runClusterPrimary(config: Config, logger: Logger, workers: number): Promise<void> {
  // Settle shared state once, before any worker could race to create it.
  const secret = await resolveJwtSecret(config, logger);
  const workerEnv = { JWT_SECRET: new TextDecoder().decode(secret) };
  if (config.STORE === 'embedded') {
    // The primary keeps the embedded store open, writing nothing, for as long as it runs: without
    // one long-lived process holding it, a worker (re)opening the store while others write could
    // lose a commit (packages/store/test/embedded-store.test.ts). Closed when the process exits.
    await mkdir(config.DATA_DIR, { recursive: true });
    await openStore({ backend: 'embedded', dataDir: config.DATA_DIR });
  }
  if (!config.REDIS_URL) new RateLimiterClusterMaster();
  if (config.METRICS_TOKEN) serveClusterMetrics();
  let shuttingDown = false;
  const fork = (): Worker => cluster.fork(workerEnv);

  cluster.on('exit', (worker, code, signal) => {
    if (shuttingDown) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting a replacement');
    setTimeout(fork, RESTART_DELAY_MS).unref();
  });
  for (let index = 0; index < workers; index += 1) fork();
  logger.info({ workers, primary: process.pid }, 'cluster primary started');

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shuttingDown = true;
      logger.info({ signal }, 'stopping workers');
      const alive = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
      let remaining = alive.length;
      if (remaining === 0) process.exit(0);
      for (const worker of alive) {
        worker.once('exit', () => {
          remaining -= 1;
          if (remaining === 0) process.exit(0);
        });
        worker.process.kill('SIGTERM');
      }
    });
  }
}
