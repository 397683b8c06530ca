// Terminals at start-up: whether they are on, whether bubblewrap works here (one clear log line
// when it does not), and the machine's terminal host with the configured limits. One process: the
// host is in it. WORKERS above 1: the cluster primary runs the host and serves it on a Unix socket
// in a directory of its own (0700, the socket 0600), and each worker reaches it as a
// RemoteTerminalHost — an attach landing on any worker finds the same shell and its scrollback.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  COMMAND_LIMITS,
  CommandRunner,
  LocalTerminalHost,
  RemoteTerminalHost,
  Sandbox,
  TERMINAL_LIMITS,
  TerminalHostServer,
  type TerminalHost,
} from '@coditect/sandbox';
import type { SessionTerminals, TaskCommands } from '@coditect/api';
import type { Config } from '../config';
import type { Logger } from '../logger';

export interface TerminalSetup {
  terminals: SessionTerminals | undefined;
  /** The agent's execute_command, in the same sandbox; undefined when terminals are. */
  commands: TaskCommands | undefined;
  /** Kills every terminal (a local host) and removes the sandbox's runtime files. */
  close(): Promise<void>;
}

const QUOTA_CHECK_MS = 30_000;
/** A command is short-lived and unattended: its quota is checked more often than a terminal's. */
const COMMAND_QUOTA_CHECK_MS = 2_000;

/** The sandbox, or undefined (logged) when terminals are off or bwrap does not work here. */
export async function openSandbox(config: Config, logger: Logger): Promise<Sandbox | undefined> {
  if (!config.TERMINALS_ENABLED) {
    logger.info('terminals are turned off (TERMINALS_ENABLED=false)');
    return undefined;
  }
  const sandbox = await Sandbox.open({ bwrapPath: config.BWRAP_PATH });
  if (!sandbox.status.available) {
    logger.warn(
      { bwrap: config.BWRAP_PATH, reason: sandbox.status.reason },
      `terminals are enabled but bubblewrap does not work here (${sandbox.status.reason}): terminals answer 503 until it does (apt-get install bubblewrap, or set BWRAP_PATH / TERMINALS_ENABLED=false)`,
    );
    await sandbox.close();
    return undefined;
  }
  logger.info({ bwrap: sandbox.status.bwrapVersion, identity: sandbox.status.identity }, 'terminals run in a bubblewrap sandbox');
  return sandbox;
}

export function createLocalTerminalHost(config: Config, sandbox: Sandbox): LocalTerminalHost {
  return new LocalTerminalHost({
    sandbox,
    limits: {
      ...TERMINAL_LIMITS,
      cpuSeconds: config.TERMINAL_CPU_TIME,
      addressSpaceBytes: config.TERMINAL_MEMORY,
      processes: config.TERMINAL_PROCESSES,
      fileSizeBytes: config.TERMINAL_FILE_SIZE,
    },
    scrollbackBytes: config.TERMINAL_SCROLLBACK,
    idleTtlMs: config.TERMINAL_IDLE_TTL * 1000,
    maxTerminals: config.TERMINAL_MAX,
    quota: { maxBytes: config.WORKSPACE_MAX_BYTES, checkEveryMs: QUOTA_CHECK_MS },
  });
}

export function taskCommands(config: Config, sandbox: Sandbox): TaskCommands {
  const runner = new CommandRunner({
    sandbox,
    limits: {
      ...COMMAND_LIMITS,
      addressSpaceBytes: config.TERMINAL_MEMORY,
      processes: config.TERMINAL_PROCESSES,
      fileSizeBytes: config.TERMINAL_FILE_SIZE,
    },
    quota: { maxBytes: config.WORKSPACE_MAX_BYTES, checkEveryMs: COMMAND_QUOTA_CHECK_MS },
  });
  return {
    runner,
    network: config.TERMINAL_NETWORK,
    timeoutSeconds: config.TASK_COMMAND_TIMEOUT,
    maxOutputBytes: config.TASK_COMMAND_OUTPUT,
  };
}

export function sessionTerminals(config: Config, host: TerminalHost): SessionTerminals {
  return { host, network: config.TERMINAL_NETWORK, defaultShell: 'bash' };
}

const TERMINALS_OFF: TerminalSetup = { terminals: undefined, commands: undefined, close: async () => {} };

/** Terminals through `host`, agent commands in `sandbox`; closing ends this process's part of both. */
function terminalSetup(config: Config, sandbox: Sandbox, host: TerminalHost): TerminalSetup {
  return {
    terminals: sessionTerminals(config, host),
    commands: taskCommands(config, sandbox),
    async close() {
      await host.shutdown();
      await sandbox.close();
    },
  };
}

/** A terminal host in this process (one process, or the tests). */
export async function openLocalTerminals(config: Config, logger: Logger): Promise<TerminalSetup> {
  const sandbox = await openSandbox(config, logger);
  if (!sandbox) return TERMINALS_OFF;
  const host = createLocalTerminalHost(config, sandbox);
  return terminalSetup(config, sandbox, host);
}

export interface SharedTerminalHost {
  host: LocalTerminalHost;
  socketPath: string;
  /** Stops serving, kills every terminal, removes the socket's directory. */
  close(): Promise<void>;
}

/** The cluster primary's host, served to the workers; undefined (logged) when terminals are off. */
export async function openSharedTerminalHost(config: Config, logger: Logger): Promise<SharedTerminalHost | undefined> {
  const sandbox = await openSandbox(config, logger);
  if (!sandbox) return undefined;
  const host = createLocalTerminalHost(config, sandbox);
  // Not in DATA_DIR: a Unix socket's path is limited to about 100 bytes.
  const socketDir = await mkdtemp(join(tmpdir(), 'coditect-terminals-'));
  const socketPath = join(socketDir, 'host.sock');
  let server: TerminalHostServer;
  try {
    server = await TerminalHostServer.listen(host, socketPath);
  } catch (error) {
    await host.shutdown();
    await sandbox.close();
    await rm(socketDir, { recursive: true, force: true });
    throw error;
  }
  return {
    host,
    socketPath,
    async close() {
      await server.close();
      await host.shutdown();
      await sandbox.close();
      await rm(socketDir, { recursive: true, force: true });
    },
  };
}

/**
 * A worker's terminals: the primary's host through its socket (none when the primary found the
 * sandbox unusable and said so), and agent commands in a sandbox of this process.
 */
export async function openWorkerTerminals(
  config: Config,
  logger: Logger,
  socketPath: string | undefined,
): Promise<TerminalSetup> {
  if (!config.TERMINALS_ENABLED || !socketPath) return TERMINALS_OFF;
  const sandbox = await openSandbox(config, logger);
  if (!sandbox) return TERMINALS_OFF;
  let host: RemoteTerminalHost;
  try {
    host = await RemoteTerminalHost.connect(socketPath);
  } catch (error) {
    logger.warn({ err: error }, 'cannot reach the terminal host of the cluster primary: terminals answer 503');
    await sandbox.close();
    return TERMINALS_OFF;
  }
  return terminalSetup(config, sandbox, host);
}
