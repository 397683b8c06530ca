export * from './sandbox-errors';
export * from './resource-limits';
export * from './sandbox-command-line';
export { Sandbox, type SandboxOptions, type SandboxRequest, type SandboxStatus } from './sandbox';
