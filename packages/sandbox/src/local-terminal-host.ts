// Terminals in this process: one PTY per terminal running a shell in its workspace's sandbox, a
// bounded scrollback for re-attaching, and reaping of terminals nobody has watched for a while.
import { randomUUID } from 'node:crypto';
import { spawn, type IPty } from 'node-pty';
import { TERMINAL_LIMITS, validateLimits, type ResourceLimits } from './resource-limits';
import type { Sandbox } from './sandbox';
import { SandboxError } from './sandbox-errors';
import {
  TERMINAL_SIZE_LIMITS,
  TERMINAL_TITLE_MAX_LENGTH,
  type CreateTerminalOptions,
  type Detach,
  type TerminalEndReason,
  type TerminalFilter,
  type TerminalHost,
  type TerminalInfo,
  type TerminalListener,
} from './terminal-host';
import { TerminalScrollback } from './terminal-scrollback';
import { watchWorkspaceQuota, type WorkspaceQuota } from './workspace-quota';

export interface LocalTerminalHostOptions {
  sandbox: Sandbox;
  limits?: ResourceLimits;
  /** Bytes of recent output kept per terminal for re-attaching (256 KiB by default). */
  scrollbackBytes?: number;
  /** A terminal nobody is attached to is killed (or, once ended, forgotten) after this long. */
  idleTtlMs?: number;
  maxTerminals?: number;
  /** Stops the terminals of a workspace that has grown past its quota. */
  quota?: WorkspaceQuota;
  /** TERM inside the terminals. */
  term?: string;
}

const DEFAULT_SCROLLBACK_BYTES = 256 * 1024;
const DEFAULT_IDLE_TTL_MS = 15 * 60_000;
const DEFAULT_MAX_TERMINALS = 256;

class HostedTerminal {
  readonly listeners = new Set<TerminalListener>();
  readonly createdAt = new Date().toISOString();
  pty: IPty | null;
  exitCode: number | null = null;
  endReason: TerminalEndReason | null = null;
  /** The reason the host is ending it for; the exit handler reports it instead of 'exited'. */
  pendingReason: TerminalEndReason | null = null;
  idleTimer: NodeJS.Timeout | undefined;
  readonly ended: Promise<void>;
  markEnded!: () => void;

  constructor(
    readonly id: string,
    public title: string,
    readonly workspaceDir: string,
    readonly shell: string,
    readonly cwd: string,
    public cols: number,
    public rows: number,
    pty: IPty,
    readonly scrollback: TerminalScrollback,
  ) {
    this.pty = pty;
    this.ended = new Promise((resolve) => (this.markEnded = resolve));
  }

  info(): TerminalInfo {
    return {
      id: this.id,
      title: this.title,
      workspaceDir: this.workspaceDir,
      shell: this.shell,
      cwd: this.cwd,
      state: this.pty ? 'running' : 'exited',
      exitCode: this.exitCode,
      endReason: this.endReason,
      createdAt: this.createdAt,
      cols: this.cols,
      rows: this.rows,
      attachments: this.listeners.size,
    };
  }
}

function assertSize(cols: number, rows: number): void {
  const { minCols, maxCols, minRows, maxRows } = TERMINAL_SIZE_LIMITS;
  if (
    !Number.isInteger(cols) ||
    cols < minCols ||
    cols > maxCols ||
    !Number.isInteger(rows) ||
    rows < minRows ||
    rows > maxRows
  ) {
    throw new SandboxError(
      'INVALID_ARGUMENT',
      `terminal size must be ${minCols}-${maxCols} columns and ${minRows}-${maxRows} rows`,
    );
  }
}

function assertTitle(title: string): void {
  if (title.length > TERMINAL_TITLE_MAX_LENGTH || /[\0-\x1f\x7f]/.test(title)) {
    throw new SandboxError(
      'INVALID_ARGUMENT',
      `a title is at most ${TERMINAL_TITLE_MAX_LENGTH} characters, without control characters`,
    );
  }
}

function matches(terminal: HostedTerminal, filter: TerminalFilter): boolean {
  if (filter.workspaceDir !== undefined && terminal.workspaceDir !== filter.workspaceDir) return false;
  if (filter.ids !== undefined && !filter.ids.includes(terminal.id)) return false;
  return true;
}

export class LocalTerminalHost implements TerminalHost {
  private readonly terminals = new Map<string, HostedTerminal>();
  private readonly exitListeners = new Set<(info: TerminalInfo) => void>();
  private readonly limits: ResourceLimits;
  private readonly scrollbackBytes: number;
  private readonly idleTtlMs: number;
  private readonly maxTerminals: number;
  private readonly stopQuotaWatch: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: LocalTerminalHostOptions) {
    this.limits = options.limits ?? TERMINAL_LIMITS;
    validateLimits(this.limits);
    this.scrollbackBytes = options.scrollbackBytes ?? DEFAULT_SCROLLBACK_BYTES;
    this.idleTtlMs = options.idleTtlMs ?? DEFAULT_IDLE_TTL_MS;
    this.maxTerminals = options.maxTerminals ?? DEFAULT_MAX_TERMINALS;
    if (options.quota) {
      this.stopQuotaWatch = watchWorkspaceQuota(
        options.quota,
        () => [...this.terminals.values()].filter((t) => t.pty).map((t) => t.workspaceDir),
        (workspaceDir) => void this.end((t) => t.workspaceDir === workspaceDir, 'over_quota', false),
      );
    }
  }

  /** Whether terminals can start here, and why not. */
  get sandboxStatus() {
    return this.options.sandbox.status;
  }

  async create(options: CreateTerminalOptions): Promise<TerminalInfo> {
    if (this.closed) throw new SandboxError('HOST_CLOSED', 'the terminal host is shut down');
    if (this.terminals.size >= this.maxTerminals) {
      throw new SandboxError('TERMINAL_LIMIT_REACHED', `this host already runs ${this.maxTerminals} terminals`);
    }
    const cols = options.cols ?? 80;
    const rows = options.rows ?? 24;
    assertSize(cols, rows);
    const title = options.title ?? 'Terminal';
    assertTitle(title);
    const shell = options.shell ?? 'bash';
    const term = this.options.term ?? 'xterm-256color';
    const { file, args } = await this.options.sandbox.commandLine({
      workspaceDir: options.workspaceDir,
      cwd: options.cwd ?? '',
      env: options.env ?? {},
      network: options.network ?? false,
      limits: this.limits,
      command: [shell, ...(options.shellArgs ?? (options.shell === undefined ? ['-l'] : []))],
      // A shell needs its controlling terminal for job control; see README.md on TIOCSTI.
      newSession: false,
      term,
    });
    if (this.closed) throw new SandboxError('HOST_CLOSED', 'the terminal host is shut down');
    // Nothing of this process's environment: the sandbox gets its own through --setenv.
    const pty = spawn(file, args, { name: term, cols, rows, cwd: '/', env: {}, encoding: null });
    const terminal = new HostedTerminal(
      randomUUID(),
      title,
      options.workspaceDir,
      shell,
      options.cwd ?? '',
      cols,
      rows,
      pty,
      new TerminalScrollback(this.scrollbackBytes),
    );
    this.terminals.set(terminal.id, terminal);
    // With encoding null node-pty delivers Buffers, though its typings say string.
    pty.onData((data) => this.output(terminal, data as unknown as Buffer));
    pty.onExit(({ exitCode, signal }) => this.exited(terminal, signal ? 128 + signal : exitCode));
    this.armIdleTimer(terminal);
    return terminal.info();
  }

  async list(filter: TerminalFilter = {}): Promise<TerminalInfo[]> {
    return [...this.terminals.values()].filter((t) => matches(t, filter)).map((t) => t.info());
  }

  async rename(id: string, title: string): Promise<TerminalInfo> {
    assertTitle(title);
    const terminal = this.get(id);
    terminal.title = title;
    return terminal.info();
  }

  write(id: string, data: string | Uint8Array): void {
    const pty = this.terminals.get(id)?.pty;
    if (!pty) return;
    pty.write(typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  }

  async resize(id: string, cols: number, rows: number): Promise<void> {
    assertSize(cols, rows);
    const terminal = this.get(id);
    terminal.cols = cols;
    terminal.rows = rows;
    terminal.pty?.resize(cols, rows);
  }

  async attach(id: string, listener: TerminalListener): Promise<Detach> {
    const terminal = this.get(id);
    clearTimeout(terminal.idleTimer);
    const replay = terminal.scrollback.snapshot();
    if (replay.length > 0) listener.onData(replay);
    terminal.listeners.add(listener);
    if (!terminal.pty) listener.onExit?.(terminal.info());
    let attached = true;
    return () => {
      if (!attached) return;
      attached = false;
      terminal.listeners.delete(listener);
      this.armIdleTimer(terminal);
    };
  }

  async kill(id: string): Promise<void> {
    this.get(id);
    await this.end((t) => t.id === id, 'killed', true);
  }

  async killAll(filter: TerminalFilter): Promise<number> {
    return this.end((t) => matches(t, filter), 'killed', true);
  }

  onExit(listener: (info: TerminalInfo) => void): () => void {
    this.exitListeners.add(listener);
    return () => this.exitListeners.delete(listener);
  }

  async shutdown(): Promise<void> {
    this.closed = true;
    this.stopQuotaWatch?.();
    await this.end(() => true, 'shutdown', true);
  }

  private get(id: string): HostedTerminal {
    const terminal = this.terminals.get(id);
    if (!terminal) throw new SandboxError('TERMINAL_NOT_FOUND', `no terminal ${id}`);
    return terminal;
  }

  /**
   * SIGKILLs the sandbox of every matching terminal still running and waits for their ends;
   * `forget` also drops them (ended ones included) from the list. Killing bwrap is enough: its
   * PID namespace's init dies with it (--die-with-parent) and the kernel kills everything inside.
   */
  private async end(predicate: (t: HostedTerminal) => boolean, reason: TerminalEndReason, forget: boolean): Promise<number> {
    const targets = [...this.terminals.values()].filter(predicate);
    for (const terminal of targets) {
      if (!terminal.pty) continue;
      terminal.pendingReason ??= reason;
      try {
        process.kill(terminal.pty.pid, 'SIGKILL');
      } catch {
        // Already gone; its exit is on the way.
      }
    }
    await Promise.all(targets.map((t) => t.ended));
    if (forget) for (const terminal of targets) this.forget(terminal);
    return targets.length;
  }

  private output(terminal: HostedTerminal, data: Buffer): void {
    terminal.scrollback.push(data);
    for (const listener of terminal.listeners) {
      try {
        listener.onData(data);
      } catch {
        // A listener that throws is dropped rather than taking the host (and every terminal) down.
        terminal.listeners.delete(listener);
      }
    }
  }

  private exited(terminal: HostedTerminal, exitCode: number): void {
    terminal.pty = null;
    terminal.exitCode = exitCode;
    terminal.endReason = terminal.pendingReason ?? 'exited';
    terminal.markEnded();
    const info = terminal.info();
    for (const listener of terminal.listeners) {
      try {
        listener.onExit?.(info);
      } catch {
        terminal.listeners.delete(listener);
      }
    }
    for (const listener of this.exitListeners) listener(info);
    this.armIdleTimer(terminal);
  }

  private forget(terminal: HostedTerminal): void {
    clearTimeout(terminal.idleTimer);
    terminal.listeners.clear();
    this.terminals.delete(terminal.id);
  }

  private armIdleTimer(terminal: HostedTerminal): void {
    clearTimeout(terminal.idleTimer);
    if (terminal.listeners.size > 0 || !this.terminals.has(terminal.id)) return;
    terminal.idleTimer = setTimeout(() => void this.end((t) => t === terminal, 'idle', true), this.idleTtlMs);
    terminal.idleTimer.unref();
  }
}
