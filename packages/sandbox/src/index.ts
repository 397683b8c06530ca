export * from './sandbox-errors';
export * from './resource-limits';
export * from './sandbox-command-line';
export { Sandbox, type SandboxOptions, type SandboxRequest, type SandboxStatus } from './sandbox';
export * from './terminal-host';
export { LocalTerminalHost, type LocalTerminalHostOptions } from './local-terminal-host';
export { measureWithDu, type WorkspaceQuota } from './workspace-quota';
export {
  CommandRunner,
  type CommandOutputChunk,
  type CommandResult,
  type CommandRunnerOptions,
  type RunCommandOptions,
} from './command-runner';
export { TerminalHostServer, type TerminalHostServerOptions } from './terminal-host-server';
export { RemoteTerminalHost } from './remote-terminal-host';
