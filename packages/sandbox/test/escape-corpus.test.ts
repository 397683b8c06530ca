// Ways out of a workspace's sandbox, tried from inside a command or a terminal; each case checks
// that the host side is unaffected. Resource cases use small limits and hard timeouts.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRunner } from '../src/command-runner';
import { LocalTerminalHost } from '../src/local-terminal-host';
import type { ResourceLimits } from '../src/resource-limits';
import type { Sandbox } from '../src/sandbox';
import {
  createTestDirs,
  leftoverSandboxProcesses,
  openTestSandbox,
  runInTerminal,
  Screen,
  type TestDirs,
} from './sandbox-harness';

const MiB = 1024 * 1024;
const SMALL_LIMITS: ResourceLimits = {
  cpuSeconds: 30,
  addressSpaceBytes: 1024 * MiB,
  processes: 64,
  fileSizeBytes: 1 * MiB,
  openFiles: 256,
  tmpfsBytes: 4 * MiB,
};
const CANARY_NAME = 'CODITECT_ESCAPE_CANARY';
const canary = `canary-${randomBytes(8).toString('hex')}`;

let dirs: TestDirs;
let sandbox: Sandbox;
let runner: CommandRunner;
let host: LocalTerminalHost;
let tcp: Server;
let tcpPort: number;
let tcpConnections = 0;

async function run(command: string, options: { network?: boolean; timeoutMs?: number; runner?: CommandRunner } = {}) {
  return (options.runner ?? runner).run({
    workspaceDir: dirs.workspace,
    command,
    network: options.network ?? false,
    timeoutMs: options.timeoutMs ?? 15_000,
  });
}

beforeAll(async () => {
  process.env[CANARY_NAME] = canary;
  dirs = await createTestDirs();
  sandbox = await openTestSandbox(dirs.root);
  runner = new CommandRunner({ sandbox, limits: SMALL_LIMITS });
  host = new LocalTerminalHost({ sandbox, limits: SMALL_LIMITS });
  tcp = createServer((socket) => {
    tcpConnections++;
    socket.end('hello from the host\n');
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  tcpPort = (tcp.address() as { port: number }).port;
});
afterAll(async () => {
  delete process.env[CANARY_NAME];
  await host.shutdown();
  await new Promise((resolve) => tcp.close(resolve));
  await sandbox.close();
  await dirs.cleanup();
});

describe('sandbox escape corpus', () => {
  it('cannot read /etc/shadow (not mounted) nor see the host users', async () => {
    const result = await run('cat /etc/shadow; cat /etc/passwd');
    expect(result.output).toContain('/etc/shadow: No such file or directory');
    const hostPasswd = await readFile('/etc/passwd', 'utf8');
    const hostOnlyUser = hostPasswd
      .split('\n')
      .map((line) => line.split(':')[0])
      .find((name) => name && !['root', 'nobody', 'user'].includes(name));
    if (hostOnlyUser) expect(result.output).not.toMatch(new RegExp(`^${hostOnlyUser}:`, 'm'));
    expect(result.output).toMatch(/^user:x:1000:1000:/m);
  });

  it("cannot read the server's data directory by its host path", async () => {
    const result = await run(`cat ${join(dirs.dataDir, 'store.db')}; ls ${dirs.root}`);
    expect(result.exitCode).not.toBe(0);
    expect(result.output).not.toContain('data-dir-secret');
  });

  it("cannot read another workspace's files, by host path or through /workspace/..", async () => {
    const result = await run(
      `cat ${join(dirs.sibling, 'secret.txt')}; cat /workspace/../sibling-workspace/secret.txt; ls -a /workspace/..; find / -name secret.txt 2>/dev/null`,
    );
    expect(result.output).not.toContain('sibling-secret');
    expect(result.output).not.toContain('sibling-workspace\n');
  });

  it("sees none of the server's environment, in its own or in any process's /proc/*/environ", async () => {
    const result = await run(`env; cat /proc/1/environ; for f in /proc/[0-9]*/environ; do tr '\\0' '\\n' < $f; done`);
    expect(result.output).not.toContain(canary);
    expect(result.output).not.toContain(CANARY_NAME);
    expect(result.output).toContain('HOME=/home/user');
  });

  it('cannot see host processes: only its own PID namespace', async () => {
    const result = await run(
      `cat /proc/${process.pid}/cmdline; kill -0 ${process.pid} && echo signalled; echo; ls /proc | grep -c '^[0-9]'`,
    );
    expect(result.output).not.toContain('signalled');
    expect(result.output).not.toContain('node');
    expect(Number(result.output.trim().split('\n').at(-1))).toBeLessThan(10);
  });

  it('cannot connect to a TCP server on the host loopback without network (and can with network, as a control)', async () => {
    const before = tcpConnections;
    const blocked = await run(`exec 3<>/dev/tcp/127.0.0.1/${tcpPort} && cat <&3`);
    expect(blocked.exitCode).not.toBe(0);
    expect(blocked.output).not.toContain('hello from the host');
    expect(tcpConnections).toBe(before);

    const allowed = await run(`exec 3<>/dev/tcp/127.0.0.1/${tcpPort} && cat <&3`, { network: true });
    expect(allowed.output).toContain('hello from the host');
  });

  it('a fork bomb is stopped by the process limit and dies with its sandbox', async () => {
    // Counting with shell builtins only: at the limit, nothing in the sandbox can fork.
    const bomb = [
      'bomb() { bomb | bomb & }; bomb',
      'end=$((SECONDS + 2)); while [ $SECONDS -lt $end ]; do :; done',
      'n=0; for p in /proc/[0-9]*; do n=$((n + 1)); done; echo "processes=$n"',
    ].join('\n');
    const result = await run(bomb, { timeoutMs: 20_000 });
    const processes = Number(result.output.match(/processes=(\d+)/)?.[1]);
    expect(processes).toBeGreaterThan(10);
    expect(processes).toBeLessThanOrEqual(SMALL_LIMITS.processes! + 2);
    await expect.poll(() => leftoverSandboxProcesses(dirs.root), { timeout: 10_000 }).toEqual([]);
    await expect(promisify(execFile)('true')).resolves.toBeDefined();
  });

  it("one sandbox's processes do not count against another's limit, though both run as the same uid", async () => {
    const limited = new CommandRunner({ sandbox, limits: { ...SMALL_LIMITS, processes: 24 } });
    const controller = new AbortController();
    let holding!: () => void;
    const isHolding = new Promise<void>((resolve) => (holding = resolve));
    const holder = limited.run({
      workspaceDir: dirs.workspace,
      command: 'for i in $(seq 16); do sleep 600 & done; echo holding; wait',
      timeoutMs: 20_000,
      signal: controller.signal,
      onOutput: (chunk) => chunk.data.includes('holding') && holding(),
    });
    await isHolding;
    // 16 sleeps are held above; 16 more here would pass 24 if the two sandboxes shared a count.
    const other = await limited.run({
      workspaceDir: dirs.workspace,
      command: 'n=0; for i in $(seq 16); do sleep 1 & n=$((n + 1)); done; echo "started=$n"; wait',
      timeoutMs: 20_000,
    });
    controller.abort();
    await holder;
    expect(other.output).toContain('started=16');
    expect(other.output).not.toContain('fork');
  });

  it('cannot raise its own limits again', async () => {
    const result = await run('ulimit -u 100000; ulimit -f unlimited; ulimit -v unlimited; echo "u=$(ulimit -u) f=$(ulimit -f)"');
    expect(result.output).toContain(`u=${SMALL_LIMITS.processes} f=${SMALL_LIMITS.fileSizeBytes! / 1024}`);
  });

  it('cannot write a file past the file-size limit', async () => {
    const result = await run('head -c 3M /dev/zero > big.bin; echo "status=$?"; rm -f big.bin.done');
    expect(result.output).toMatch(/status=(1|153)/);
    const size = (await stat(join(dirs.workspace, 'big.bin'))).size;
    expect(size).toBeLessThanOrEqual(SMALL_LIMITS.fileSizeBytes!);
    await run('rm big.bin');
  });

  it('cannot fill memory through the writable tmpfs (size-limited) or the read-only ones', async () => {
    // Files under the file-size limit each, more of them than the tmpfs holds.
    const fill = (dir: string) => `for i in 1 2 3 4 5 6 7 8; do head -c 900K /dev/zero > ${dir}/fill$i || break; done`;
    const result = await run(
      `${fill('/tmp')}; ${fill('/dev/shm')}; ${fill('/home/user')}; touch /fill /dev/fill /etc/fill; du -sk /tmp /dev/shm /home/user`,
    );
    expect(result.output).toContain('No space left on device');
    expect(result.output).toContain("touch: cannot touch '/fill': Read-only file system");
    expect(result.output).toContain("touch: cannot touch '/dev/fill': Read-only file system");
    for (const line of result.output.matchAll(/^(\d+)\s+\/(tmp|dev\/shm|home\/user)$/gm))
      expect(Number(line[1]) * 1024).toBeLessThanOrEqual(SMALL_LIMITS.tmpfsBytes);
  });

  it('cannot allocate past the address-space limit', async () => {
    const result = await run(`perl -e '$x = "x" x (1536 * 1024 * 1024); print "allocated\\n"'`);
    expect(result.output).not.toContain('allocated');
    expect(result.output).toMatch(/Out of memory/i);
  });

  it('a CPU hog is stopped by the CPU-time limit', async () => {
    const cpuRunner = new CommandRunner({ sandbox, limits: { ...SMALL_LIMITS, cpuSeconds: 1 } });
    const result = await run('while :; do :; done', { runner: cpuRunner, timeoutMs: 20_000 });
    expect(result.timedOut).toBe(false);
    // bwrap reports a child killed by signal n as 128 + n: SIGXCPU (24) or, past the hard limit, SIGKILL (9).
    expect([128 + 24, 128 + 9]).toContain(result.exitCode);
  });

  it('kill -9 -1 inside a terminal kills only its own sandbox; the host and other terminals go on', async () => {
    const victim = await host.create({ workspaceDir: dirs.workspace, title: 'victim' });
    const bystander = await host.create({ workspaceDir: dirs.workspace, title: 'bystander' });
    const victimScreen = await Screen.attach(host, victim.id);
    const bystanderScreen = await Screen.attach(host, bystander.id);
    await runInTerminal(host, bystanderScreen, bystander.id, 'sleep 600 &');
    await runInTerminal(host, victimScreen, victim.id, 'sleep 600 & kill -9 -1');
    expect(await runInTerminal(host, bystanderScreen, bystander.id, 'jobs -r | wc -l; echo $((6 * 7))')).toMatch(/1\r\n42/);
    expect(await runInTerminal(host, victimScreen, victim.id, 'jobs -r | wc -l; echo $((6 * 9))')).toMatch(/0\r\n54/);
    expect(process.pid).toBeGreaterThan(0);
    const result = await run('kill -9 -1; echo still-here');
    expect(result.output).toContain('still-here');
    await host.kill(victim.id);
    await host.kill(bystander.id);
  });

  it('a symlink to / in the workspace shows the sandbox root, not the host root', async () => {
    const result = await run('ln -s / rootlink; ls rootlink/; cat rootlink/etc/shadow; rm rootlink');
    expect(result.output.split('\n')).toEqual(expect.arrayContaining(['usr', 'workspace', 'proc']));
    expect(result.output).not.toMatch(/^(root|var|srv|work|boot)$/m);
    expect(result.output).toContain('No such file or directory');
  });

  it('cannot mount, chroot, unshare or change the hostname', async () => {
    const result = await run(
      'mount -t tmpfs none /tmp; echo "mount=$?"; chroot / true; echo "chroot=$?"; unshare -U true; echo "unshare-user=$?"; ' +
        'unshare -rm true; echo "unshare-map-root=$?"; unshare -n true; echo "unshare-net=$?"; hostname evil; echo "hostname=$?"; hostname',
    );
    for (const step of ['mount', 'chroot', 'unshare-user', 'unshare-map-root', 'unshare-net', 'hostname']) {
      expect(result.output).toMatch(new RegExp(`^${step}=[1-9]`, 'm'));
    }
    expect(result.output).toMatch(/^sandbox$/m);
  });

  it('cannot write to the read-only OS', async () => {
    const result = await run(
      'touch /usr/bin/evil; echo x > /etc/passwd; echo x >> /etc/profile; mkdir /opt; rm -f /bin/sh; ls /usr/bin/evil',
    );
    expect(result.output).toContain("touch: cannot touch '/usr/bin/evil': Read-only file system");
    expect(result.output).toMatch(/\/etc\/passwd: Read-only file system/);
    expect(result.output).toContain("ls: cannot access '/usr/bin/evil': No such file or directory");
    await expect(stat('/usr/bin/evil')).rejects.toThrow();
  });

  it('has no privileges: no capabilities, no-new-privileges, nosuid', async () => {
    const result = await run('grep -E "^(CapEff|CapPrm|CapBnd|NoNewPrivs)" /proc/self/status; id -u; mount | grep " /usr "');
    expect(result.output).toMatch(/^CapEff:\s+0+$/m);
    expect(result.output).toMatch(/^CapPrm:\s+0+$/m);
    expect(result.output).toMatch(/^NoNewPrivs:\s+1$/m);
    expect(result.output).toMatch(/^1000$/m);
    expect(result.output).toMatch(/ \/usr .*\bro\b.*nosuid/);
  });

  it('inherits no file descriptors beyond stdin, stdout and stderr', async () => {
    // `; true` keeps bash from exec'ing ls in its own place: ls lists the shell's descriptors.
    const result = await run('ls /proc/$$/fd; true');
    expect(result.output.trim().split('\n').sort()).toEqual(['0', '1', '2']);
    const info = await host.create({ workspaceDir: dirs.workspace });
    const screen = await Screen.attach(host, info.id);
    expect(await runInTerminal(host, screen, info.id, 'ls /proc/$$/fd | tr "\\n" " "')).toMatch(/\b0 1 2 255 (?![0-9])/);
    await host.kill(info.id);
  });

  it('a command has no controlling terminal to inject keystrokes into (TIOCSTI)', async () => {
    const tiocsti = `for my $fd (0, 1, 2) { open(my $h, "+<&=", $fd) or next; my $c = "x"; print ioctl($h, 0x5412, $c) ? "injected\\n" : "tiocsti $fd: $!\\n" }`;
    const result = await run(`exec 3</dev/tty; echo "tty=$?"; perl -e '${tiocsti}'`);
    expect(result.output).toContain('/dev/tty: No such device or address');
    expect(result.output).not.toContain('tty=0');
    expect(result.output).not.toContain('injected');
    expect(result.output).toMatch(/tiocsti 1: Inappropriate ioctl for device/);
  });

  it('sees no host devices and no /sys', async () => {
    const result = await run('ls /dev; ls /sys; ls /dev/vda /dev/mem /dev/kmsg; echo "pts: $(ls /dev/pts | tr "\\n" " ")"');
    expect(result.output).toContain("ls: cannot access '/sys': No such file or directory");
    expect(result.output).not.toMatch(/^(vda|sda|mem|kmsg|nvme0n1)$/m);
    // A devpts of its own: the host's terminals (and other sandboxes') are not there to open.
    expect(result.output).toContain('pts: ptmx \n');
  });

  it('cannot change kernel settings through /proc/sys or /proc/sysrq-trigger', async () => {
    const result = await run(
      'echo 1 > /proc/sys/vm/drop_caches; echo "sys=$?"; echo h > /proc/sysrq-trigger; echo "sysrq=$?"; echo 1 > /proc/sys/kernel/sysrq; echo "sysctl=$?"',
    );
    expect(result.output).toMatch(/^sys=[1-9]/m);
    expect(result.output).toMatch(/^sysrq=[1-9]/m);
    expect(result.output).toMatch(/^sysctl=[1-9]/m);
  });

  it('a terminal whose cwd is a symlink to / starts at the sandbox root, not the host root', async () => {
    await run('ln -sfn / cwd-link');
    const info = await host.create({ workspaceDir: dirs.workspace, cwd: 'cwd-link' });
    const screen = await Screen.attach(host, info.id);
    const listing = await runInTerminal(host, screen, info.id, 'pwd -P; ls | tr "\\n" " "');
    expect(listing).toMatch(/\/\r\nbin dev etc home .*workspace/);
    expect(listing).not.toMatch(/\b(root|var|srv|boot)\b/);
    await host.kill(info.id);
    await run('rm cwd-link');
  });
});
