import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CommandRunner, type CommandOutputChunk } from '../src/command-runner';
import type { Sandbox } from '../src/sandbox';
import { createTestDirs, leftoverSandboxProcesses, openTestSandbox, type TestDirs } from './sandbox-harness';

let dirs: TestDirs;
let sandbox: Sandbox;
let runner: CommandRunner;

beforeAll(async () => {
  dirs = await createTestDirs();
  sandbox = await openTestSandbox(dirs.root);
  runner = new CommandRunner({ sandbox });
});
afterAll(async () => {
  await sandbox.close();
  await dirs.cleanup();
});

describe('CommandRunner', () => {
  it('runs a command in the workspace and reports its exit code, stdout and stderr streamed as they come', async () => {
    const chunks: CommandOutputChunk[] = [];
    const result = await runner.run({
      workspaceDir: dirs.workspace,
      command: 'echo hello; echo oops >&2; pwd; echo "$GREETING"; exit 3',
      env: { GREETING: 'hi there' },
      timeoutMs: 10_000,
      onOutput: (chunk) => chunks.push(chunk),
    });
    expect(result).toMatchObject({ exitCode: 3, signal: null, timedOut: false, aborted: false, truncated: false });
    expect(result.output).toContain('hello\n');
    expect(result.output).toContain('/workspace\nhi there\n');
    expect(
      chunks
        .filter((c) => c.stream === 'stderr')
        .map((c) => c.data)
        .join(''),
    ).toBe('oops\n');
    expect(chunks.map((c) => c.data).join('')).toBe(result.output);
  });

  it('runs in a workspace-relative cwd', async () => {
    const result = await runner.run({
      workspaceDir: dirs.workspace,
      command: 'mkdir -p a/b && cd a/b && pwd',
      timeoutMs: 10_000,
    });
    expect(result.output).toBe('/workspace/a/b\n');
    const inside = await runner.run({ workspaceDir: dirs.workspace, cwd: 'a', command: 'pwd', timeoutMs: 10_000 });
    expect(inside.output).toBe('/workspace/a\n');
  });

  it('caps the output and marks the truncation, counting what it left out', async () => {
    const streamed: string[] = [];
    const result = await runner.run({
      workspaceDir: dirs.workspace,
      command: 'head -c 100000 /dev/zero | tr "\\0" y',
      timeoutMs: 10_000,
      maxOutputBytes: 1000,
      onOutput: (chunk) => streamed.push(chunk.data),
    });
    expect(result).toMatchObject({ exitCode: 0, truncated: true, omittedBytes: 99_000 });
    expect(result.output).toBe(`${'y'.repeat(1000)}\n[output truncated: 99000 more bytes not shown]\n`);
    expect(streamed.join('')).toBe('y'.repeat(1000));
  });

  it('kills the whole sandbox, background processes included, at the timeout', async () => {
    const result = await runner.run({
      workspaceDir: dirs.workspace,
      command: 'sleep 600 & sleep 600 & echo started; wait',
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({ timedOut: true, exitCode: null, signal: 'SIGKILL' });
    expect(result.output).toBe('started\n');
    await expect.poll(() => leftoverSandboxProcesses(dirs.root), { timeout: 10_000 }).toEqual([]);
  });

  it('kills the whole sandbox when the signal aborts, and does not start when already aborted', async () => {
    const controller = new AbortController();
    const running = runner.run({
      workspaceDir: dirs.workspace,
      command: 'sleep 600 & echo started; wait',
      timeoutMs: 60_000,
      signal: controller.signal,
      onOutput: () => controller.abort(),
    });
    expect(await running).toMatchObject({ aborted: true, timedOut: false, signal: 'SIGKILL' });
    await expect.poll(() => leftoverSandboxProcesses(dirs.root), { timeout: 10_000 }).toEqual([]);

    const never = await runner.run({
      workspaceDir: dirs.workspace,
      command: 'touch should-not-exist',
      timeoutMs: 10_000,
      signal: AbortSignal.abort(),
    });
    expect(never).toMatchObject({ aborted: true, exitCode: null });
    const check = await runner.run({ workspaceDir: dirs.workspace, command: 'ls should-not-exist', timeoutMs: 10_000 });
    expect(check.exitCode).not.toBe(0);
  });

  it('rejects bad arguments with stable codes', async () => {
    await expect(runner.run({ workspaceDir: dirs.workspace, command: 'true', timeoutMs: 0 })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await expect(
      runner.run({ workspaceDir: dirs.workspace, command: 'true', timeoutMs: 1000, cwd: '../x' }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(
      runner.run({ workspaceDir: dirs.workspace, command: 'true', timeoutMs: 1000, env: { 'A=B': 'x' } }),
    ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    await expect(runner.run({ workspaceDir: dirs.dataDir + '/nope', command: 'true', timeoutMs: 1000 })).rejects.toMatchObject({
      code: 'WORKSPACE_INVALID',
    });
  });

  it('stops a command whose workspace grows past the quota', async () => {
    const quotaRunner = new CommandRunner({ sandbox, quota: { maxBytes: 1_000_000, checkEveryMs: 100 } });
    const result = await quotaRunner.run({
      workspaceDir: dirs.workspace,
      command: 'head -c 3000000 /dev/zero > big.bin; sleep 600',
      timeoutMs: 30_000,
    });
    expect(result).toMatchObject({ overQuota: true, timedOut: false, signal: 'SIGKILL' });
    await runner.run({ workspaceDir: dirs.workspace, command: 'rm big.bin', timeoutMs: 10_000 });
  });
});
