// WORKERS > 1: the primary forks that many server processes sharing one port (node:cluster) and
// one embedded store (LMDB's multi-process mode; commits validate inside LMDB's cross-process
// write lock). Without Redis, the primary keeps the rate-limit counters for all workers and numbers
// the live channel's events. It runs the machine's terminal host (served to the workers on a Unix
// socket) and watches the workspace trees the workers' tabs follow. A worker that dies
// unexpectedly is replaced; SIGTERM drains every worker, then the terminals end.
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { openStore } from '@coditect/store';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import type { Config } from './config';
import type { Logger } from './logger';
import { resolveJwtSecret } from './jwt-secret';
import { serveClusterMetrics } from './metrics/metrics-endpoint';
import { openSharedTerminalHost } from './terminals/terminal-setup';
import { connectRedis } from './rate-limiting/redis-connection';
import { openWorkspaces } from './workspace-setup';
import { startPrimaryLive } from './live/live-setup';
import { publishTerminalExits } from './live/terminal-events';
import { relayOutboxMails } from './mail/cluster-outbox';
import { CLUSTER_BOOT_ENV, REPLACED_RUNNER_ENV, TERMINAL_HOST_SOCKET_ENV } from './cluster-env';

const RESTART_DELAY_MS = 500;

export async function runClusterPrimary(config: Config, logger: Logger, workers: number): Promise<void> {
  // Settle shared state once, before any worker could race to create it.
  const secret = await resolveJwtSecret(config, logger);
  const workerEnv: Record<string, string> = { JWT_SECRET: new TextDecoder().decode(secret) };
  if (config.STORE === 'embedded') {
    // The primary keeps the embedded store open, writing nothing, for as long as it runs: without
    // one long-lived process holding it, a worker (re)opening the store while others write could
    // lose a commit (packages/store/test/embedded-store.test.ts). Closed when the process exits.
    await mkdir(config.DATA_DIR, { recursive: true });
    await openStore({ backend: 'embedded', dataDir: config.DATA_DIR });
  }
  if (!config.REDIS_URL) new RateLimiterClusterMaster();
  if (config.METRICS_TOKEN) serveClusterMetrics();
  relayOutboxMails();
  const workspaces = await openWorkspaces(config, logger);
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, logger) : undefined;
  const live = await startPrimaryLive(workspaces, redis?.client, logger);
  const terminals = await openSharedTerminalHost(config, logger);
  const stopTerminalEvents = terminals
    ? publishTerminalExits(terminals.host, workspaces.root.settings.root, live.bus)
    : undefined;
  if (terminals) workerEnv[TERMINAL_HOST_SOCKET_ENV] = terminals.socketPath;
  /** After the workers: the terminals end, the watchers stop. */
  const release = async () => {
    stopTerminalEvents?.();
    await terminals?.close();
    await live.close();
    workspaces.root.close();
    await redis?.close();
  };
  // Workers share this boot: their agent tasks' runner ids are <boot>/<pid> (server.ts).
  const boot = randomBytes(6).toString('hex');
  workerEnv[CLUSTER_BOOT_ENV] = boot;
  let shuttingDown = false;
  const fork = (env: Record<string, string> = {}): Worker => cluster.fork({ ...workerEnv, ...env });

  cluster.on('exit', (worker, code, signal) => {
    if (shuttingDown) return;
    logger.error({ pid: worker.process.pid, code, signal }, 'worker died; starting a replacement');
    // The replacement interrupts the tasks the dead worker was running (they can be resumed).
    const replaces = { [REPLACED_RUNNER_ENV]: `${boot}/${worker.process.pid}` };
    setTimeout(() => fork(replaces), RESTART_DELAY_MS).unref();
  });
  for (let index = 0; index < workers; index += 1) fork();
  logger.info({ workers, primary: process.pid }, 'cluster primary started');

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      shuttingDown = true;
      logger.info({ signal }, 'stopping workers');
      const alive = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
      let remaining = alive.length;
      const exit = () => void release().finally(() => process.exit(0));
      if (remaining === 0) exit();
      for (const worker of alive) {
        worker.once('exit', () => {
          remaining -= 1;
          if (remaining === 0) exit();
        });
        worker.process.kill('SIGTERM');
      }
    });
  }
}
