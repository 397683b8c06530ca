// Per-sandbox resource limits, applied with setrlimit (prlimit) by the first process inside the
// sandbox, after bwrap has created its user namespace. See README.md for why there and not before.
import { SandboxError } from './sandbox-errors';
export interface ResourceLimits {
  /** RLIMIT_CPU: CPU seconds each process may use (SIGXCPU, then SIGKILL). */
  cpuSeconds: number | null;
  /** RLIMIT_AS: address space of each process; the total is bounded by processes × this. */
  addressSpaceBytes: number | null;
  /**
   * RLIMIT_NPROC: tasks (processes and threads) alive at once in this sandbox. Counted per user
   * namespace, so sandboxes of the same uid do not share the budget.
   */
  processes: number | null;
  /** RLIMIT_FSIZE: the largest file a process may write (EFBIG / SIGXFSZ past it). */
  fileSizeBytes: number | null;
  /** RLIMIT_NOFILE. */
  openFiles: number | null;
  /** Size of each private tmpfs: /tmp, /dev/shm and the home directory. */
  tmpfsBytes: number;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

/** For interactive terminals: a dev server may run for hours, so CPU time is generous. */
export const TERMINAL_LIMITS: Readonly<ResourceLimits> = Object.freeze({
  cpuSeconds: 4 * 3600,
  addressSpaceBytes: 8 * GiB,
  processes: 512,
  fileSizeBytes: 2 * GiB,
  openFiles: 8192,
  tmpfsBytes: 256 * MiB,
});

/** For one agent command (a build, a test run, an install). */
export const COMMAND_LIMITS: Readonly<ResourceLimits> = Object.freeze({
  cpuSeconds: 15 * 60,
  addressSpaceBytes: 8 * GiB,
  processes: 512,
  fileSizeBytes: 2 * GiB,
  openFiles: 8192,
  tmpfsBytes: 256 * MiB,
});

function assertLimit(name: string, value: number | null, min: number): void {
  if (value === null) return;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new SandboxError('INVALID_ARGUMENT', `limit ${name} must be an integer >= ${min} or null, got ${value}`);
  }
}

export function validateLimits(limits: ResourceLimits): void {
  assertLimit('cpuSeconds', limits.cpuSeconds, 1);
  assertLimit('addressSpaceBytes', limits.addressSpaceBytes, 64 * MiB);
  assertLimit('processes', limits.processes, 4);
  assertLimit('fileSizeBytes', limits.fileSizeBytes, 1);
  assertLimit('openFiles', limits.openFiles, 16);
  assertLimit('tmpfsBytes', limits.tmpfsBytes, 1 * MiB);
}

/** prlimit(1) options setting soft and hard limit alike, so nothing inside can raise them again. */
export function prlimitOptions(limits: ResourceLimits): string[] {
  const options = ['--core=0:0'];
  const add = (name: string, value: number | null) => {
    if (value !== null) options.push(`--${name}=${value}:${value}`);
  };
  add('cpu', limits.cpuSeconds);
  add('as', limits.addressSpaceBytes);
  add('nproc', limits.processes);
  add('fsize', limits.fileSizeBytes);
  add('nofile', limits.openFiles);
  return options;
}
