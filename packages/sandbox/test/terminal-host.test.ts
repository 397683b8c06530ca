import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LocalTerminalHost } from '../src/local-terminal-host';
import type { Sandbox } from '../src/sandbox';
import { SandboxError } from '../src/sandbox-errors';
import { createTestDirs, openTestSandbox, runInTerminal, Screen, TEST_SANDBOX_UID, type TestDirs } from './sandbox-harness';

let dirs: TestDirs;
let sandbox: Sandbox;
const hosts: LocalTerminalHost[] = [];

function newHost(options: Partial<ConstructorParameters<typeof LocalTerminalHost>[0]> = {}): LocalTerminalHost {
  const host = new LocalTerminalHost({ sandbox, ...options });
  hosts.push(host);
  return host;
}

beforeAll(async () => {
  dirs = await createTestDirs();
  sandbox = await openTestSandbox(dirs.root);
});
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.shutdown()));
});
afterAll(async () => {
  await sandbox.close();
  await dirs.cleanup();
});

describe('LocalTerminalHost', () => {
  it('runs a shell in the workspace: output, state kept between commands, files land in the workspace', async () => {
    const host = newHost();
    const info = await host.create({ workspaceDir: dirs.workspace, title: 'main' });
    expect(info).toMatchObject({ state: 'running', title: 'main', cols: 80, rows: 24, exitCode: null });
    const screen = await Screen.attach(host, info.id);

    expect(await runInTerminal(host, screen, info.id, 'echo hel""lo')).toContain('hello');
    await runInTerminal(host, screen, info.id, 'export X=1');
    expect(await runInTerminal(host, screen, info.id, 'echo "[$X]"')).toContain('[1]');
    expect(await runInTerminal(host, screen, info.id, 'pwd; id -u')).toMatch(/\/workspace\r\n1000\r\n/);

    await runInTerminal(host, screen, info.id, 'echo from-the-sandbox > made-here.txt');
    expect(await readFile(join(dirs.workspace, 'made-here.txt'), 'utf8')).toBe('from-the-sandbox\n');
    if (process.geteuid?.() === 0) expect((await stat(join(dirs.workspace, 'made-here.txt'))).uid).toBe(TEST_SANDBOX_UID);
  });

  it('starts in a workspace-relative cwd and refuses one outside the workspace', async () => {
    const host = newHost();
    await mkdir(join(dirs.workspace, 'sub'), { recursive: true });
    const info = await host.create({ workspaceDir: dirs.workspace, cwd: 'sub', shell: 'bash' });
    const screen = await Screen.attach(host, info.id);
    expect(await runInTerminal(host, screen, info.id, 'pwd')).toContain('/workspace/sub\r\n');
    await expect(host.create({ workspaceDir: dirs.workspace, cwd: '../..' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(host.create({ workspaceDir: dirs.workspace, cwd: '/etc' })).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(host.create({ workspaceDir: join(dirs.root, 'missing') })).rejects.toMatchObject({ code: 'WORKSPACE_INVALID' });
  });

  it('resizes the PTY (stty size) and renames', async () => {
    const host = newHost();
    const info = await host.create({ workspaceDir: dirs.workspace, cols: 100, rows: 30 });
    const screen = await Screen.attach(host, info.id);
    expect(await runInTerminal(host, screen, info.id, 'stty size')).toContain('30 100');
    await host.resize(info.id, 132, 43);
    expect(await runInTerminal(host, screen, info.id, 'stty size')).toContain('43 132');
    await expect(host.resize(info.id, 0, 10)).rejects.toBeInstanceOf(SandboxError);
    expect(await host.rename(info.id, 'build')).toMatchObject({ title: 'build', cols: 132, rows: 43 });
    await expect(host.rename(info.id, 'bad\x1b[31m')).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('reports the exit code to attachments and to onExit, and lists the terminal as exited', async () => {
    const host = newHost();
    const ended: string[] = [];
    host.onExit((info) => ended.push(`${info.id}:${info.exitCode}:${info.endReason}`));
    const info = await host.create({ workspaceDir: dirs.workspace });
    const screen = await Screen.attach(host, info.id);
    await runInTerminal(host, screen, info.id, 'true');
    host.write(info.id, 'exit 7\r');
    expect(await screen.waitForExit()).toMatchObject({ state: 'exited', exitCode: 7, endReason: 'exited' });
    expect(ended).toEqual([`${info.id}:7:exited`]);
    expect(await host.list()).toMatchObject([{ id: info.id, state: 'exited', exitCode: 7 }]);
    host.write(info.id, 'dropped\r');
    await host.kill(info.id);
    expect(await host.list()).toEqual([]);
    await expect(host.attach(info.id, { onData() {} })).rejects.toMatchObject({ code: 'TERMINAL_NOT_FOUND' });
  });

  it('replays the recent screen to a second attachment while the first stays live', async () => {
    const host = newHost();
    const info = await host.create({ workspaceDir: dirs.workspace });
    const first = await Screen.attach(host, info.id);
    await runInTerminal(host, first, info.id, 'echo $((40 + 2))-before-reload');
    first.detach();

    const second = await Screen.attach(host, info.id);
    expect(second.text).toContain('42-before-reload');
    const third = await Screen.attach(host, info.id);
    expect((await host.list())[0]!.attachments).toBe(2);
    await runInTerminal(host, second, info.id, 'echo $((50 + 8))-after');
    await third.waitFor(/58-after/);
  });

  it('keeps only the last scrollbackBytes of output', async () => {
    const host = newHost({ scrollbackBytes: 4096 });
    const info = await host.create({ workspaceDir: dirs.workspace });
    const screen = await Screen.attach(host, info.id);
    await runInTerminal(host, screen, info.id, 'echo START; head -c 20000 /dev/zero | tr "\\0" x; echo; echo $((1 + 1))END');
    const replay = await Screen.attach(host, info.id);
    expect(Buffer.byteLength(replay.text)).toBeLessThanOrEqual(4096);
    expect(replay.text).toContain('2END');
    expect(replay.text).not.toContain('START');
  });

  it('kills a terminal nobody is attached to after the idle TTL, and one that is attached only after it detaches', async () => {
    const host = newHost({ idleTtlMs: 300 });
    const ended: string[] = [];
    host.onExit((info) => ended.push(`${info.title}:${info.endReason}`));
    await host.create({ workspaceDir: dirs.workspace, title: 'never-attached' });
    const watched = await host.create({ workspaceDir: dirs.workspace, title: 'watched' });
    const screen = await Screen.attach(host, watched.id);
    await expect.poll(() => ended, { timeout: 10_000 }).toEqual(['never-attached:idle']);
    expect((await host.list()).map((t) => t.title)).toEqual(['watched']);
    expect(await runInTerminal(host, screen, watched.id, 'echo $((3 * 3))')).toContain('9');
    screen.detach();
    await expect.poll(() => ended, { timeout: 10_000 }).toEqual(['never-attached:idle', 'watched:idle']);
    expect(await host.list()).toEqual([]);
  });

  it('killAll ends the terminals of one workspace only; shutdown ends the rest and refuses new ones', async () => {
    const host = newHost();
    const a = await host.create({ workspaceDir: dirs.workspace, title: 'a' });
    const b = await host.create({ workspaceDir: dirs.workspace, title: 'b' });
    const c = await host.create({ workspaceDir: dirs.sibling, title: 'c' });
    expect(await host.killAll({ workspaceDir: dirs.workspace })).toBe(2);
    expect((await host.list()).map((t) => t.id)).toEqual([c.id]);
    expect([a.id, b.id]).not.toContain(c.id);
    const screen = await Screen.attach(host, c.id);
    await host.shutdown();
    expect(await screen.waitForExit()).toMatchObject({ endReason: 'shutdown' });
    await expect(host.create({ workspaceDir: dirs.workspace })).rejects.toMatchObject({ code: 'HOST_CLOSED' });
  });

  it('stops the terminals of a workspace over its quota', async () => {
    const host = newHost({ quota: { maxBytes: 1_000_000, checkEveryMs: 100 } });
    const quotaDirs = await createTestDirs();
    try {
      const info = await host.create({ workspaceDir: quotaDirs.workspace });
      const screen = await Screen.attach(host, info.id);
      host.write(info.id, 'head -c 2000000 /dev/zero > big.bin\r');
      expect(await screen.waitForExit()).toMatchObject({ endReason: 'over_quota', state: 'exited' });
    } finally {
      await quotaDirs.cleanup();
    }
  });
});
