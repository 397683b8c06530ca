// The argv that starts one sandboxed process: a pure function of the request, so every flag that
// keeps a workspace in its box is visible (and tested) in one place.
import { posix } from 'node:path';
import { prlimitOptions, type ResourceLimits } from './resource-limits';
import { SandboxError } from './sandbox-errors';

/** Where the workspace appears inside every sandbox. */
export const SANDBOX_WORKSPACE = '/workspace';
export const SANDBOX_HOME = '/home/user';
/** The uid/gid processes see inside; on the host they are the kernel uid the sandbox runs as. */
export const SANDBOX_UID = 1000;
export const SANDBOX_GID = 1000;

/**
 * Host files a shell and common tools need, bound read-only when present. Not /etc as a whole:
 * no shadow, no host passwd, no ssh keys, no service configuration.
 */
export const SANDBOX_ETC_FILES: readonly string[] = [
  '/etc/alternatives', // Debian's /usr/bin/awk, vi, pager... are symlinks through here
  '/etc/ld.so.cache',
  '/etc/ld.so.conf',
  '/etc/ld.so.conf.d',
  '/etc/nsswitch.conf',
  '/etc/localtime',
  '/etc/timezone',
  '/etc/profile',
  '/etc/profile.d',
  '/etc/bash.bashrc',
  '/etc/inputrc',
  '/etc/terminfo',
  '/etc/shells',
  '/etc/protocols',
  '/etc/services',
  '/etc/mime.types',
  '/etc/os-release',
  '/etc/debian_version',
  '/etc/ssl/certs',
  '/etc/ssl/openssl.cnf',
  '/etc/ca-certificates',
];

/** Only with network: name resolution. */
export const SANDBOX_NETWORK_ETC_FILES: readonly string[] = ['/etc/resolv.conf', '/etc/gai.conf', '/etc/host.conf'];

/** Files written by the sandbox runtime (passwd, group, hosts, hostname) replace the host's. */
export const SANDBOX_SYNTHETIC_ETC_FILES: readonly string[] = ['passwd', 'group', 'hosts', 'hostname'];

export interface SandboxUser {
  uid: number;
  gid: number;
}

export interface SandboxSpec {
  /** Absolute host path of the workspace, bound read-write at /workspace. */
  workspaceDir: string;
  /** Working directory relative to the workspace ('' or '.' for its root). */
  cwd: string;
  /** Variables added to (or replacing) the sandbox's base environment. Nothing else is passed. */
  env: Readonly<Record<string, string>>;
  network: boolean;
  limits: ResourceLimits;
  /** The command inside the sandbox (looked up on the sandbox's PATH). */
  command: readonly string[];
  /** Directory holding the synthetic /etc files (SANDBOX_SYNTHETIC_ETC_FILES). */
  etcDir: string;
  /**
   * The unprivileged kernel uid/gid to switch to before bwrap, when the caller is root; null when
   * the caller already is unprivileged (the sandbox then runs as the caller's uid).
   */
  runAs: SandboxUser | null;
  /** setsid() inside: no controlling terminal, so TIOCSTI cannot reach one. Not for shells. */
  newSession: boolean;
  hostname: string;
  bwrapPath: string;
  /** Terminal type for TERM; the base environment's default otherwise. */
  term?: string;
}

export interface SandboxCommandLine {
  file: string;
  args: string[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Resolves a workspace-relative cwd to its path inside the sandbox, refusing any way out. */
export function sandboxCwd(cwd: string): string {
  if (cwd.includes('\0')) throw new SandboxError('INVALID_ARGUMENT', 'cwd contains a NUL byte');
  if (posix.isAbsolute(cwd)) throw new SandboxError('INVALID_ARGUMENT', 'cwd must be relative to the workspace');
  const resolved = posix.join(SANDBOX_WORKSPACE, cwd);
  if (resolved !== SANDBOX_WORKSPACE && !resolved.startsWith(`${SANDBOX_WORKSPACE}/`)) {
    throw new SandboxError('INVALID_ARGUMENT', 'cwd leaves the workspace');
  }
  return resolved;
}

export function sandboxEnv(spec: Pick<SandboxSpec, 'env' | 'term'>): Record<string, string> {
  const env: Record<string, string> = {
    HOME: SANDBOX_HOME,
    USER: 'user',
    LOGNAME: 'user',
    SHELL: '/bin/bash',
    PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    LANG: 'C.UTF-8',
    TERM: spec.term ?? 'xterm-256color',
  };
  for (const [name, value] of Object.entries(spec.env)) {
    if (!ENV_NAME.test(name)) throw new SandboxError('INVALID_ARGUMENT', `invalid environment variable name: ${name}`);
    if (value.includes('\0')) throw new SandboxError('INVALID_ARGUMENT', `environment variable ${name} contains a NUL byte`);
    env[name] = value;
  }
  return env;
}

/**
 * Closes every inherited descriptor above stderr before bwrap runs: node-pty forks without closing
 * them, and a descriptor a native module opened without O_CLOEXEC would otherwise reach the box.
 * (No redirection on the loop: bash would park stderr on a high descriptor the loop then closes.)
 * `exec -c` starts bwrap with an empty environment, so not even /proc/1/environ inside shows ours.
 */
const CLOSE_INHERITED_FDS =
  'for fd in /proc/self/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec -c "$@"';

export function sandboxCommandLine(spec: SandboxSpec): SandboxCommandLine {
  if (!posix.isAbsolute(spec.workspaceDir)) {
    throw new SandboxError('WORKSPACE_INVALID', 'workspaceDir must be an absolute path');
  }
  if (spec.command.length === 0) throw new SandboxError('INVALID_ARGUMENT', 'empty command');
  if (spec.runAs && (spec.runAs.uid === 0 || spec.runAs.gid === 0)) {
    throw new SandboxError('WORKSPACE_INVALID', 'a sandbox never runs as root (uid or gid 0)');
  }
  const chdir = sandboxCwd(spec.cwd);
  const env = sandboxEnv(spec);

  const bwrap: string[] = [
    spec.bwrapPath,
    // user, pid, ipc, uts, net and cgroup namespaces; the network comes back only on request.
    '--unshare-all',
    '--unshare-user',
    // No nested user namespaces: inside one a process would hold capabilities again (mount an
    // unlimited tmpfs, reach more kernel code).
    '--disable-userns',
    ...(spec.network ? ['--share-net'] : []),
    '--uid',
    String(SANDBOX_UID),
    '--gid',
    String(SANDBOX_GID),
    '--hostname',
    spec.hostname,
    // The whole sandbox (its PID namespace with it) dies when the process that started it does.
    '--die-with-parent',
    ...(spec.newSession ? ['--new-session'] : []),
    '--clearenv',
    ...Object.entries(env).flatMap(([name, value]) => ['--setenv', name, value]),
    '--ro-bind',
    '/usr',
    '/usr',
    '--symlink',
    'usr/bin',
    '/bin',
    '--symlink',
    'usr/sbin',
    '/sbin',
    '--symlink',
    'usr/lib',
    '/lib',
    '--symlink',
    'usr/lib64',
    '/lib64',
    ...SANDBOX_ETC_FILES.flatMap((path) => ['--ro-bind-try', path, path]),
    ...(spec.network ? SANDBOX_NETWORK_ETC_FILES.flatMap((path) => ['--ro-bind-try', path, path]) : []),
    ...SANDBOX_SYNTHETIC_ETC_FILES.flatMap((name) => ['--ro-bind', posix.join(spec.etcDir, name), `/etc/${name}`]),
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    // Every writable tmpfs is size-limited; bwrap's own root and /dev tmpfs are made read-only
    // below, or a sandbox could fill the machine's memory through them.
    '--size',
    String(spec.limits.tmpfsBytes),
    '--tmpfs',
    '/dev/shm',
    '--size',
    String(spec.limits.tmpfsBytes),
    '--tmpfs',
    '/tmp',
    '--size',
    String(spec.limits.tmpfsBytes),
    '--tmpfs',
    SANDBOX_HOME,
    '--bind',
    spec.workspaceDir,
    SANDBOX_WORKSPACE,
    '--remount-ro',
    '/dev',
    '--remount-ro',
    '/',
    '--chdir',
    chdir,
    '--',
    // Limits are set inside, after bwrap created the user namespace: RLIMIT_NPROC then counts
    // this sandbox's processes only (see README.md).
    '/usr/bin/prlimit',
    ...prlimitOptions(spec.limits),
    '--',
    ...spec.command,
  ];

  const closeFds = ['/bin/bash', '-c', CLOSE_INHERITED_FDS, 'sandbox-exec'];
  const argv = spec.runAs
    ? [
        '/usr/bin/setpriv',
        `--reuid=${spec.runAs.uid}`,
        `--regid=${spec.runAs.gid}`,
        '--clear-groups',
        '--',
        ...closeFds,
        ...bwrap,
      ]
    : [...closeFds, ...bwrap];
  const [file, ...args] = argv as [string, ...string[]];
  return { file, args };
}
