// Failures of the sandbox, the terminal host and the command runner, each with a stable code the
// server maps once to its own errors.
export type SandboxErrorCode =
  /** bwrap (or the uid switch it needs) is missing or does not work on this machine. */
  | 'SANDBOX_UNAVAILABLE'
  /** The workspace directory is missing, not a directory, or cannot be given to a sandbox. */
  | 'WORKSPACE_INVALID'
  /** A caller's value is out of range or malformed (cwd escaping the workspace, bad size, ...). */
  | 'INVALID_ARGUMENT'
  | 'TERMINAL_NOT_FOUND'
  /** The host already runs as many terminals as it was configured for. */
  | 'TERMINAL_LIMIT_REACHED'
  /** The host was shut down; nothing new starts. */
  | 'HOST_CLOSED'
  /** The connection to a remote terminal host is gone (or never came up). */
  | 'HOST_UNAVAILABLE'
  /** A peer sent something that is not the terminal-host protocol. */
  | 'PROTOCOL_ERROR';

export class SandboxError extends Error {
  override readonly name = 'SandboxError';
  constructor(
    readonly code: SandboxErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
