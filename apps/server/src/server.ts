// Start-up and shutdown in one place, shared by main.ts, the tests and the benchmarks.
import { createServerMetrics, type ServerMetrics } from './metrics/server-metrics';
import cluster from 'node:cluster';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { openStore, type KvStore } from '@coditect/store';
import {
  ApiKeySecrets,
  AuditWriter,
  createApiDependencies,
  TokenService,
  AddressPolicy,
  createGuardedDispatcher,
  createOpenAiCompatibleProvider,
  inThreadPasswordStrength,
  auditKeys,
  signingKeys,
  createPasswordHasher,
  ensureDemoAccount,
  migrateKeyspace,
  SearchPurger,
  TaskRunner,
  newRunnerId,
  ProviderDirectory,
  ProviderKeys,
  SealedBox,
  type ApiDependencies,
} from '@coditect/api';
import { createApp, type App, type AppOptions } from './app';
import { reportAuditFailure } from './audit-failure-report';
import { corsOriginsFor } from './http/cors-policy';
import type { Config } from './config';
import { createLogger, type Logger } from './logger';
import { resolveJwtSecret } from './jwt-secret';
import { createRateLimitGate } from './rate-limiting/rate-limit-gate';
import { connectRedis } from './rate-limiting/redis-connection';
import { auditCheckpointFiles } from './audit/audit-checkpoint-files';
import { startPasswordStrengthThread } from './password-strength/password-strength-thread';

/** The worker module: beside the bundle (dist/*.mjs), or the source file when run from source. */
function passwordStrengthWorker(): URL {
  return import.meta.url.endsWith('.ts')
    ? new URL('./password-strength/password-strength-worker.ts', import.meta.url)
    : new URL('./password-strength-worker.mjs', import.meta.url);
}
import { openWorkspaces, sweepOrphansInBackground } from './workspace-setup';
import { openLocalTerminals, openWorkerTerminals } from './terminals/terminal-setup';
import { CLUSTER_BOOT_ENV, REPLACED_RUNNER_ENV, TERMINAL_HOST_SOCKET_ENV } from './cluster-env';
import type { EventHub } from './live/event-hub';
import { openLiveEvents } from './live/live-setup';
import { publishTerminalExits } from './live/terminal-events';
import { createAccountMailer } from './mail/account-mailer';
import { ClusterWorkerOutbox } from './mail/cluster-outbox';
import { configuredSignInProviders } from './sign-in-providers';

export const VERSION = '5.0.0';

const OUTBOX_SWEEP_MS = 5 * 60_000;

/**
 * A whole file in JSON: escaping can double text (quotes, backslashes, newlines) and base64 makes 4
 * bytes of 3; plus room for the other fields.
 */
export function fileBodyLimit(editLimit: number, bodyLimit: number): number {
  return Math.max(bodyLimit, 2 * editLimit + 64 * 1024);
}

export interface RunningServer {
  app: App;
  store: KvStore;
  logger: Logger;
  /** e.g. http://127.0.0.1:8080 */
  url: string;
  port: number;
  /** The audit writer (tests flush it before reading the trail). */
  audit: AuditWriter;
  /** Clears deleted conversations' search postings (tests run it before looking). */
  searchPurger: SearchPurger;
  stop(): Promise<void>;
}

export interface ServerDependencies extends ApiDependencies {
  audit: AuditWriter;
  /** The live channel's events in this process. */
  liveEvents: EventHub;
  /** Runs this process's agent tasks. */
  tasks: TaskRunner;
  /** Kept when METRICS_TOKEN is set. */
  metrics?: ServerMetrics;
  /** Writes every pending audit entry, then closes the Redis connection. */
  release(): Promise<void>;
}

export interface DependencyOptions {
  /**
   * Where password-strength estimates run: a worker thread (the server) or this thread (tests,
   * which run from TypeScript sources a worker could not load).
   */
  passwordStrength?: 'worker' | 'in-thread';
  /** Where failed audit writes are reported (default: one line on stderr). */
  reportAuditFailure?: (error: unknown, lostEntries: number) => void;
  /** How long a lone audit entry waits for company before it is written (default 100 ms). */
  auditFlushDelayMs?: number;
  /** How many audit entries may wait to be written before more are dropped (and recorded as dropped). */
  auditMaxPending?: number;
}

/** Everything procedures share, built once per process. */
export async function buildDependencies(
  config: Config,
  store: KvStore,
  logger: Logger,
  now: () => Date = () => new Date(),
  options: DependencyOptions = {},
): Promise<ServerDependencies> {
  const secret = await resolveJwtSecret(config, logger);
  const previous = config.JWT_SECRET_PREVIOUS === undefined ? undefined : new TextEncoder().encode(config.JWT_SECRET_PREVIOUS);
  const tokens = new TokenService({
    keys: signingKeys(secret, previous),
    accessTtlSeconds: config.ACCESS_TOKEN_TTL,
    refreshTtlSeconds: config.REFRESH_TOKEN_TTL,
    sessionMaxAgeSeconds: config.SESSION_MAX_AGE,
    now,
  });
  const passwords = await createPasswordHasher();
  const accountMail = createAccountMailer(config, logger, cluster.isWorker ? new ClusterWorkerOutbox() : undefined);
  const passwordStrength =
    options.passwordStrength === 'in-thread' ? undefined : startPasswordStrengthThread(passwordStrengthWorker());
  const workspaces = await openWorkspaces(config, logger);
  // A worker's terminals run in the primary's host, which also reports their ends (once).
  const terminalSetup = cluster.isWorker
    ? await openWorkerTerminals(config, logger, process.env[TERMINAL_HOST_SOCKET_ENV])
    : await openLocalTerminals(config, logger);
  const redis = config.REDIS_URL ? await connectRedis(config.REDIS_URL, logger) : undefined;
  const liveEvents = await openLiveEvents(workspaces, redis?.client, logger);
  const stopTerminalEvents =
    terminalSetup.terminals && !cluster.isWorker
      ? publishTerminalExits(terminalSetup.terminals.host, workspaces.root.settings.root, liveEvents)
      : undefined;
  // The chain key comes from AUDIT_SECRET when set (a JWT rotation then leaves it alone), else from
  // the JWT secrets (the previous one still verifies entries it sealed).
  // Made now, not at the first checkpoint: an unwritable directory stops start-up, and the data
  // directory does not change under a running server's feet later.
  const checkpointDir = config.AUDIT_CHECKPOINT_DIR ?? join(config.DATA_DIR, 'audit-checkpoints');
  await mkdir(checkpointDir, { recursive: true, mode: 0o700 });
  const auditSeal = {
    keys: auditKeys(
      config.AUDIT_SECRET ? [new TextEncoder().encode(config.AUDIT_SECRET)] : previous ? [secret, previous] : [secret],
    ),
    checkpoints: auditCheckpointFiles(checkpointDir),
  };
  const audit = new AuditWriter({
    store,
    tokens,
    seal: auditSeal,
    reportFailure: options.reportAuditFailure ?? reportAuditFailure,
    flushDelayMs: options.auditFlushDelayMs,
    maxPending: options.auditMaxPending,
  });
  const metrics = config.METRICS_TOKEN ? createServerMetrics({ store, auditQueueDepth: () => audit.queueDepth }) : undefined;
  const providerKeys = new ProviderKeys(config.PROVIDER_KEYS_SECRET ?? secret);
  const twoFactorSeeds = new SealedBox(config.PROVIDER_KEYS_SECRET ?? secret, 'two-factor seeds v1');
  const tenantAddresses = new AddressPolicy(config.LLM_TENANT_ALLOWED_NETWORKS);
  const tenantDispatcher = createGuardedDispatcher(tenantAddresses);
  const providers = new ProviderDirectory({
    operator: [
      { name: config.LLM_PROVIDER_NAME, baseUrl: config.LLM_BASE_URL, apiKey: config.LLM_API_KEY },
      ...config.LLM_PROVIDERS.map((provider) => ({
        name: provider.name,
        baseUrl: provider.base_url,
        apiKey: provider.api_key,
        models: provider.models,
      })),
    ],
    keys: providerKeys,
    tenantAddresses,
    connect: (endpoint) => {
      const llm = createOpenAiCompatibleProvider({
        baseUrl: endpoint.baseUrl,
        apiKey: endpoint.apiKey,
        timeoutMs: config.LLM_TIMEOUT * 1000,
        dispatcher: endpoint.source === 'tenant' ? tenantDispatcher : undefined,
      });
      return metrics ? metrics.meterProvider(llm) : llm;
    },
  });
  const tokenBudgets = { userDaily: config.TOKEN_BUDGET_USER, tenantDaily: config.TOKEN_BUDGET_TENANT };
  const tasks = new TaskRunner({
    runnerId: newRunnerId(process.env[CLUSTER_BOOT_ENV]),
    store,
    providers,
    workspaces,
    events: liveEvents,
    commands: terminalSetup.commands,
    budgets: tokenBudgets,
    now,
    limits: {
      maxSteps: config.TASK_MAX_STEPS,
      maxTokens: config.TASK_MAX_TOKENS,
      maxSeconds: config.TASK_MAX_DURATION,
      maxActivePerUser: config.TASK_MAX_ACTIVE_PER_USER,
      maxActivePerTenant: config.TASK_MAX_ACTIVE_PER_TENANT,
    },
  });
  return createApiDependencies({
    store,
    tasks,
    metrics,
    version: VERSION,
    startedAt: Date.now(),
    now,
    passwords,
    passwordStrength: passwordStrength ?? inThreadPasswordStrength,
    tokens,
    accountMail,
    twoFactorSeeds,
    signInProviders: configuredSignInProviders(config),
    apiKeys: new ApiKeySecrets(previous ? [secret, previous] : [secret]),
    providers,
    providerKeys,
    checkRedis: redis?.check,
    rateLimits: createRateLimitGate(
      {
        user: config.RATE_LIMIT_USER,
        tenant: config.RATE_LIMIT_TENANT,
        login: config.RATE_LIMIT_LOGIN,
        login_ip: config.RATE_LIMIT_LOGIN_IP,
        login_account: config.RATE_LIMIT_LOGIN_ACCOUNT,
        register: config.RATE_LIMIT_REGISTER,
        refresh: config.RATE_LIMIT_REFRESH,
        messages: config.RATE_LIMIT_MESSAGES,
        tasks: config.RATE_LIMIT_TASKS,
        mail: config.RATE_LIMIT_MAIL,
        oauth: config.RATE_LIMIT_OAUTH,
      },
      { redis: redis?.client, clusterWorker: cluster.isWorker },
    ),
    audit,
    auditSeal,
    workspaces,
    terminals: terminalSetup.terminals,
    commands: terminalSetup.commands,
    tokenBudgets,
    chatLimits: { maxReplyTokens: config.LLM_MAX_TOKENS, maxContextTokens: config.LLM_MAX_CONTEXT_TOKENS },
    events: liveEvents,
    liveEvents,
    async release() {
      // Runs stop first: their tasks stay `running` in the store and are interrupted at the next start.
      await tasks.close();
      stopTerminalEvents?.();
      await liveEvents.close();
      await terminalSetup.close();
      workspaces.root.close();
      await audit.flush();
      await redis?.close();
      await passwordStrength?.close();
      await tenantDispatcher.destroy();
      await accountMail.settle();
      accountMail.close();
    },
  });
}

export interface StartOptions
  extends DependencyOptions, Pick<AppOptions, 'router' | 'contract' | 'forceTrpcAdapter' | 'websockets'> {
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
  let deps: ServerDependencies;
  try {
    // A store written by an older release is brought up to this one's keyspace before anything reads it.
    const migrated = await migrateKeyspace(store);
    for (const step of migrated.steps) logger.info(step, 'migrated the keyspace');
    deps = await buildDependencies(config, store, logger, options.now, options);
  } catch (error) {
    await store.close();
    throw error;
  }
  if (config.DEMO_MODE && (await ensureDemoAccount({ deps, identity: deps.identity }))) {
    logger.warn('DEMO_MODE: created the demo account demo@coditect.ai (password "demo")');
  }
  // One process sweeps (the first worker in a cluster); a removal of a tree already gone is harmless.
  const sweeper = !cluster.isWorker || cluster.worker?.id === 1;
  const sweep = sweeper ? sweepOrphansInBackground(store, deps.workspaces.root, logger) : undefined;
  // Tasks a stopped server (an earlier boot) left running are interrupted before anyone can act on
  // them; the other workers' tasks, of this boot, run on. A replacement worker interrupts those of
  // the worker it replaces.
  const replaced = process.env[REPLACED_RUNNER_ENV];
  const interrupted = sweeper
    ? await deps.tasks.interruptRunning('earlier boots')
    : replaced
      ? await deps.tasks.interruptRunning(replaced)
      : 0;
  if (interrupted > 0) logger.info({ interrupted }, 'agent tasks interrupted by the last stop; they can be resumed');
  const app = await createApp({
    deps,
    logger,
    bodyLimit: config.BODY_LIMIT,
    bodyLimits: { file: fileBodyLimit(config.FILE_EDIT_LIMIT, config.BODY_LIMIT), upload: config.UPLOAD_LIMIT },
    trustProxy: config.TRUST_PROXY,
    corsOrigins: corsOriginsFor(config),
    webAppDir: config.WEB_DIR,
    router: options.router,
    contract: options.contract,
    forceTrpcAdapter: options.forceTrpcAdapter,
    websockets: options.websockets,
    liveEvents: deps.liveEvents,
    metrics: deps.metrics && config.METRICS_TOKEN ? { metrics: deps.metrics, token: config.METRICS_TOKEN } : undefined,
  });
  if (!app.servesWebApp) logger.info({ webDir: config.WEB_DIR }, 'no built web app there: serving the API only');
  let address;
  try {
    address = await app.listen(config.PORT, config.HOST);
  } catch (error) {
    await deps.release();
    await store.close();
    throw error;
  }
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const reachableHost = host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host;
  // Links in mails point at the web app; without PUBLIC_URL, at this server (it serves the app too).
  if (!config.PUBLIC_URL) deps.accountMail.publicUrl = `http://${reachableHost}:${address.port}`;
  // Mutations whose audit entries never came (a crash, a full queue) are chained from their outbox.
  let outboxSweep: Promise<unknown> = deps.audit.recoverOutbox();
  const outboxTimer = setInterval(() => {
    outboxSweep = deps.audit.recoverOutbox();
  }, OUTBOX_SWEEP_MS).unref();
  // Deleted conversations' search postings go in bounded steps, in the background.
  const searchPurger = new SearchPurger({
    store,
    reportFailure: (error) =>
      logger.error(
        { err: { message: (error as Error).message } },
        "purging deleted conversations' search postings failed; trying again later",
      ),
  });
  searchPurger.start();
  let stopping: Promise<void> | undefined;
  return {
    app,
    store,
    logger,
    url: `http://${reachableHost}:${address.port}`,
    port: address.port,
    audit: deps.audit,
    searchPurger,
    stop() {
      stopping ??= (async () => {
        await app.close();
        await sweep;
        clearInterval(outboxTimer);
        await outboxSweep;
        await searchPurger.stop();
        // Requests have drained; their audit entries are written before the store closes.
        await deps.release();
        await store.close();
      })();
      return stopping;
    },
  };
}
