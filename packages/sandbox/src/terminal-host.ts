// What a terminal host offers, whether it runs in this process (LocalTerminalHost) or in another
// one reached over a Unix socket (RemoteTerminalHost): transport-agnostic and event-based.

export interface CreateTerminalOptions {
  /** Host path of the workspace the terminal is confined to. */
  workspaceDir: string;
  /** The shell inside the sandbox, by name on its PATH or absolute; bash by default. */
  shell?: string;
  /** Arguments to the shell; ['-l'] by default (a login shell reads /etc/profile). */
  shellArgs?: string[];
  /** Workspace-relative working directory. */
  cwd?: string;
  cols?: number;
  rows?: number;
  title?: string;
  /** Extra environment for the shell; nothing of the server's environment is passed. */
  env?: Record<string, string>;
  /** Share the host's network (off by default). */
  network?: boolean;
}

export type TerminalState = 'running' | 'exited';

/** Why a terminal stopped: on its own, or which of the host's actions ended it. */
export type TerminalEndReason = 'exited' | 'killed' | 'idle' | 'over_quota' | 'shutdown';

export interface TerminalInfo {
  id: string;
  title: string;
  workspaceDir: string;
  /** The shell it runs, as asked for (bash by default). */
  shell: string;
  /** Workspace-relative directory it started in ('' for the workspace itself). */
  cwd: string;
  state: TerminalState;
  /** Exit status once exited (128 + n when the shell died of signal n). */
  exitCode: number | null;
  endReason: TerminalEndReason | null;
  /** ISO-8601. */
  createdAt: string;
  cols: number;
  rows: number;
  attachments: number;
}

export interface TerminalListener {
  /** Raw output bytes; the first call after attach replays the recent screen. */
  onData(data: Uint8Array): void;
  /** The terminal ended (also called at once when attaching to an ended one). */
  onExit?(info: TerminalInfo): void;
}

export interface TerminalFilter {
  workspaceDir?: string;
  ids?: readonly string[];
}

export type Detach = () => void;

export interface TerminalHost {
  create(options: CreateTerminalOptions): Promise<TerminalInfo>;
  list(filter?: TerminalFilter): Promise<TerminalInfo[]>;
  rename(id: string, title: string): Promise<TerminalInfo>;
  /**
   * Input for the terminal. Input for one that has ended or never existed is dropped: the writer
   * learns of the end through its exit event, and keystrokes need no answer each.
   */
  write(id: string, data: string | Uint8Array): void;
  resize(id: string, cols: number, rows: number): Promise<void>;
  /** Replays the recent output, then streams it live; any number of attachments at once. */
  attach(id: string, listener: TerminalListener): Promise<Detach>;
  /** Ends the terminal and everything in its sandbox, and forgets it. */
  kill(id: string): Promise<void>;
  /** Kills every terminal the filter matches (e.g. all of a deleted workspace); the count. */
  killAll(filter: TerminalFilter): Promise<number>;
  /** Called whenever a terminal ends, whatever the reason; returns the unsubscribe function. */
  onExit(listener: (info: TerminalInfo) => void): () => void;
  /** A local host kills every terminal; a remote one only closes its connection. */
  shutdown(): Promise<void>;
}

export const TERMINAL_SIZE_LIMITS = { minCols: 2, maxCols: 1000, minRows: 1, maxRows: 500 } as const;
export const TERMINAL_TITLE_MAX_LENGTH = 200;
