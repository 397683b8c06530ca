import { describe, expect, it } from 'vitest';
import { prlimitOptions, TERMINAL_LIMITS } from '../src/resource-limits';
import { sandboxCommandLine, sandboxCwd, type SandboxSpec } from '../src/sandbox-command-line';

const spec: SandboxSpec = {
  workspaceDir: '/data/workspaces/w1',
  cwd: 'src',
  env: { NODE_ENV: 'development' },
  network: false,
  limits: TERMINAL_LIMITS,
  command: ['bash', '-l'],
  etcDir: '/run/coditect/etc',
  runAs: { uid: 60_000, gid: 60_000 },
  newSession: false,
  hostname: 'sandbox',
  bwrapPath: '/usr/bin/bwrap',
};

function bwrapArgs(overrides: Partial<SandboxSpec> = {}): string[] {
  const { file, args } = sandboxCommandLine({ ...spec, ...overrides });
  const argv = [file, ...args];
  return argv.slice(argv.indexOf('/usr/bin/bwrap'));
}

/** The value(s) right after each occurrence of `flag`. */
function after(args: string[], flag: string, count = 1): string[][] {
  return args.flatMap((arg, i) => (arg === flag ? [args.slice(i + 1, i + 1 + count)] : []));
}

describe('sandboxCommandLine', () => {
  it('binds the workspace read-write at /workspace and the OS read-only', () => {
    const args = bwrapArgs();
    expect(after(args, '--bind', 2)).toEqual([['/data/workspaces/w1', '/workspace']]);
    expect(after(args, '--ro-bind', 2)).toContainEqual(['/usr', '/usr']);
    expect(after(args, '--symlink', 2)).toEqual(
      expect.arrayContaining([
        ['usr/bin', '/bin'],
        ['usr/lib', '/lib'],
        ['usr/lib64', '/lib64'],
      ]),
    );
    expect(args).toContain('--chdir');
    expect(after(args, '--chdir')).toEqual([['/workspace/src']]);
  });

  it('binds a minimum of /etc: never the whole of it, shadow or the host passwd', () => {
    const args = bwrapArgs();
    const sources = [...after(args, '--ro-bind', 2), ...after(args, '--ro-bind-try', 2), ...after(args, '--bind', 2)].map(
      ([source]) => source,
    );
    expect(sources).not.toContain('/etc');
    expect(sources.filter((s) => /shadow|sudoers|ssh|^\/etc\/passwd$|^\/etc\/group$/.test(s!))).toEqual([]);
    expect(after(args, '--ro-bind', 2)).toContainEqual(['/run/coditect/etc/passwd', '/etc/passwd']);
  });

  it('unshares every namespace, refuses nested user namespaces, dies with its parent and sets the hostname', () => {
    const args = bwrapArgs();
    for (const flag of ['--unshare-all', '--unshare-user', '--disable-userns', '--die-with-parent']) expect(args).toContain(flag);
    expect(after(args, '--hostname')).toEqual([['sandbox']]);
    expect(args).not.toContain('--share-net');
    expect(args).not.toContain('--new-session');
  });

  it('shares the network (and name resolution) only when asked', () => {
    const args = bwrapArgs({ network: true });
    expect(args).toContain('--share-net');
    expect(after(args, '--ro-bind-try', 2)).toContainEqual(['/etc/resolv.conf', '/etc/resolv.conf']);
    expect(after(bwrapArgs(), '--ro-bind-try', 2)).not.toContainEqual(['/etc/resolv.conf', '/etc/resolv.conf']);
  });

  it('gives a command (not a shell) a new session, out of reach of TIOCSTI', () => {
    expect(bwrapArgs({ newSession: true })).toContain('--new-session');
  });

  it('sizes every writable tmpfs (--size right before --tmpfs) and makes the root and /dev read-only after the mounts', () => {
    const args = bwrapArgs();
    const tmpfs = args.flatMap((arg, i) => (arg === '--tmpfs' ? [i] : []));
    expect(tmpfs.map((i) => args[i + 1])).toEqual(['/dev/shm', '/tmp', '/home/user']);
    for (const i of tmpfs) expect(args.slice(i - 2, i)).toEqual(['--size', String(TERMINAL_LIMITS.tmpfsBytes)]);
    const lastMount = Math.max(args.lastIndexOf('--bind'), ...tmpfs);
    expect(args.indexOf('--remount-ro')).toBeGreaterThan(lastMount);
    expect(after(args, '--remount-ro')).toEqual([['/dev'], ['/']]);
  });

  it('clears the environment and passes only the base variables and the caller’s', () => {
    process.env.CODITECT_TEST_SECRET = 'server-secret';
    try {
      const args = bwrapArgs();
      expect(args.indexOf('--clearenv')).toBeLessThan(args.indexOf('--setenv'));
      const env = Object.fromEntries(after(args, '--setenv', 2));
      expect(Object.keys(env).sort()).toEqual(['HOME', 'LANG', 'LOGNAME', 'NODE_ENV', 'PATH', 'SHELL', 'TERM', 'USER']);
      expect(env).toMatchObject({ HOME: '/home/user', NODE_ENV: 'development', SHELL: '/bin/bash' });
      expect(args.join(' ')).not.toContain('server-secret');
    } finally {
      delete process.env.CODITECT_TEST_SECRET;
    }
    expect(() => bwrapArgs({ env: { 'BAD NAME': 'x' } })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => bwrapArgs({ env: { OK: 'a\0b' } })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });

  it('sets the limits inside the sandbox, soft and hard alike, right before the command', () => {
    const args = bwrapArgs();
    const inside = args.slice(args.indexOf('--') + 1);
    expect(inside).toEqual(['/usr/bin/prlimit', ...prlimitOptions(TERMINAL_LIMITS), '--', 'bash', '-l']);
    expect(prlimitOptions({ ...TERMINAL_LIMITS, cpuSeconds: null, processes: 64 })).toEqual([
      '--core=0:0',
      `--as=${TERMINAL_LIMITS.addressSpaceBytes}:${TERMINAL_LIMITS.addressSpaceBytes}`,
      '--nproc=64:64',
      `--fsize=${TERMINAL_LIMITS.fileSizeBytes}:${TERMINAL_LIMITS.fileSizeBytes}`,
      `--nofile=${TERMINAL_LIMITS.openFiles}:${TERMINAL_LIMITS.openFiles}`,
    ]);
  });

  it('as root, drops to the workspace owner first, closes inherited descriptors and starts bwrap with no environment', () => {
    const { file, args } = sandboxCommandLine(spec);
    expect([file, ...args.slice(0, 4)]).toEqual(['/usr/bin/setpriv', '--reuid=60000', '--regid=60000', '--clear-groups', '--']);
    expect(args.slice(4, 6)).toEqual(['/bin/bash', '-c']);
    expect(args[6]).toContain('exec -c "$@"');
    const unprivileged = sandboxCommandLine({ ...spec, runAs: null });
    expect(unprivileged.file).toBe('/bin/bash');
    expect(() => sandboxCommandLine({ ...spec, runAs: { uid: 0, gid: 60_000 } })).toThrow(
      expect.objectContaining({ code: 'WORKSPACE_INVALID' }),
    );
    expect(() => sandboxCommandLine({ ...spec, runAs: { uid: 60_000, gid: 0 } })).toThrow(
      expect.objectContaining({ code: 'WORKSPACE_INVALID' }),
    );
  });

  it('refuses a relative workspace and an empty command', () => {
    expect(() => sandboxCommandLine({ ...spec, workspaceDir: 'data/w1' })).toThrow(
      expect.objectContaining({ code: 'WORKSPACE_INVALID' }),
    );
    expect(() => sandboxCommandLine({ ...spec, command: [] })).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('sandboxCwd', () => {
  it.each([
    ['', '/workspace'],
    ['.', '/workspace'],
    ['src/app', '/workspace/src/app'],
    ['src/../lib', '/workspace/lib'],
  ])('%j → %s', (cwd, expected) => expect(sandboxCwd(cwd)).toBe(expected));

  it.each(['..', '../other', 'src/../../etc', '/etc', 'a\0b'])('refuses %j', (cwd) => {
    expect(() => sandboxCwd(cwd)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});
