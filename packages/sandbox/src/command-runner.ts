// One non-interactive command for the agent, in the workspace's sandbox: streamed output with a
// cap, a timeout, cancellation, and its exit status as the result.
import { spawn } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { COMMAND_LIMITS, validateLimits, type ResourceLimits } from './resource-limits';
import type { Sandbox } from './sandbox';
import { SandboxError } from './sandbox-errors';
import { watchWorkspaceQuota, type WorkspaceQuota } from './workspace-quota';

export interface CommandRunnerOptions {
  sandbox: Sandbox;
  limits?: ResourceLimits;
  /** Checked while a command runs; the command is stopped once its workspace is over quota. */
  quota?: WorkspaceQuota;
}

export interface CommandOutputChunk {
  stream: 'stdout' | 'stderr';
  data: string;
}

export interface RunCommandOptions {
  workspaceDir: string;
  /** Run by `bash -lc` inside the sandbox. */
  command: string;
  /** Workspace-relative working directory. */
  cwd?: string;
  env?: Record<string, string>;
  network?: boolean;
  timeoutMs: number;
  /** Output kept (and streamed) across both streams; the rest is counted, not kept. 1 MiB by default. */
  maxOutputBytes?: number;
  onOutput?: (chunk: CommandOutputChunk) => void;
  /** Aborting kills the command and everything it started. */
  signal?: AbortSignal;
}

export interface CommandResult {
  /** The command's exit status (128 + n if it died of signal n inside); null if we killed it. */
  exitCode: number | null;
  /** Set when the sandbox itself was killed: by the timeout, an abort or the quota. */
  signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved as they arrived, ending with a marker if truncated. */
  output: string;
  truncated: boolean;
  /** Bytes of output beyond the cap, not kept. */
  omittedBytes: number;
  timedOut: boolean;
  aborted: boolean;
  overQuota: boolean;
  durationMs: number;
}

const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;

export class CommandRunner {
  private readonly limits: ResourceLimits;

  constructor(private readonly options: CommandRunnerOptions) {
    this.limits = options.limits ?? COMMAND_LIMITS;
    validateLimits(this.limits);
  }

  async run(options: RunCommandOptions): Promise<CommandResult> {
    const maxOutputBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    if (!Number.isSafeInteger(options.timeoutMs) || options.timeoutMs <= 0) {
      throw new SandboxError('INVALID_ARGUMENT', 'timeoutMs must be a positive integer');
    }
    if (!Number.isSafeInteger(maxOutputBytes) || maxOutputBytes < 0) {
      throw new SandboxError('INVALID_ARGUMENT', 'maxOutputBytes must be a non-negative integer');
    }
    const { file, args } = await this.options.sandbox.commandLine({
      workspaceDir: options.workspaceDir,
      cwd: options.cwd ?? '',
      env: options.env ?? {},
      network: options.network ?? false,
      limits: this.limits,
      command: ['bash', '-lc', options.command],
      // No controlling terminal inside: nothing to inject keystrokes into (TIOCSTI).
      newSession: true,
    });
    const started = performance.now();
    const result: CommandResult = {
      exitCode: null,
      signal: null,
      output: '',
      truncated: false,
      omittedBytes: 0,
      timedOut: false,
      aborted: options.signal?.aborted ?? false,
      overQuota: false,
      durationMs: 0,
    };
    if (result.aborted) return result;

    // Its own process group, so one kill reaches setpriv/bwrap and bwrap takes the sandbox along.
    const child = spawn(file, args, { cwd: '/', env: {}, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const killSandbox = () => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already exited.
      }
    };

    const parts: string[] = [];
    let kept = 0;
    const collect = (stream: CommandOutputChunk['stream'], decoder: StringDecoder) => (chunk: Buffer) => {
      const room = maxOutputBytes - kept;
      if (chunk.length > room) {
        result.truncated = true;
        result.omittedBytes += chunk.length - Math.max(room, 0);
        chunk = chunk.subarray(0, Math.max(room, 0));
      }
      kept += chunk.length;
      const data = decoder.write(chunk);
      if (data.length === 0) return;
      parts.push(data);
      options.onOutput?.({ stream, data });
    };
    child.stdout.on('data', collect('stdout', new StringDecoder('utf8')));
    child.stderr.on('data', collect('stderr', new StringDecoder('utf8')));

    const timer = setTimeout(() => {
      result.timedOut = true;
      killSandbox();
    }, options.timeoutMs);
    const onAbort = () => {
      result.aborted = true;
      killSandbox();
    };
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const stopQuotaWatch = this.options.quota
      ? watchWorkspaceQuota(
          this.options.quota,
          () => [options.workspaceDir],
          () => {
            result.overQuota = true;
            killSandbox();
          },
        )
      : undefined;

    try {
      const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
        child.once('error', reject);
        child.once('close', (code, sig) => resolve([code, sig]));
      });
      result.exitCode = exitCode;
      result.signal = signal;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      stopQuotaWatch?.();
    }
    if (result.truncated) parts.push(`\n[output truncated: ${result.omittedBytes} more bytes not shown]\n`);
    result.output = parts.join('');
    result.durationMs = Math.round(performance.now() - started);
    return result;
  }
}
