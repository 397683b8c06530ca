// Per-test workspaces in their own temp directory, a sandbox opened once per file, and a terminal
// attachment whose output a test can wait on. Nothing here touches anything outside the temp dirs.
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox } from '../src/sandbox';
import type { Detach, TerminalHost, TerminalInfo } from '../src/terminal-host';

/** The unprivileged uid test workspaces belong to when the tests run as root (as in CI). */
export const TEST_SANDBOX_UID = 60_123;
const isRoot = process.geteuid?.() === 0;

export interface TestDirs {
  /** Parent of everything below; removed by cleanup(). */
  root: string;
  workspace: string;
  /** Another workspace of the same owner (the sandbox must not reach it). */
  sibling: string;
  /** Stands for the server's data directory. */
  dataDir: string;
  cleanup(): Promise<void>;
}

/** The owner a sandbox runs as: an unprivileged uid when we are root, ourselves otherwise. */
async function giveToSandboxUser(path: string): Promise<void> {
  if (isRoot) await chown(path, TEST_SANDBOX_UID, TEST_SANDBOX_UID);
}

export async function createTestDirs(): Promise<TestDirs> {
  const root = await mkdtemp(join(tmpdir(), 'sandbox-test-'));
  // Searchable, not listable: bwrap, running as the sandbox uid, must reach the workspace path.
  await chmod(root, 0o711);
  const workspace = join(root, 'workspace');
  const sibling = join(root, 'sibling-workspace');
  const dataDir = join(root, 'data');
  for (const dir of [workspace, sibling, dataDir]) await mkdir(dir, { mode: 0o755 });
  await writeFile(join(sibling, 'secret.txt'), 'sibling-secret\n', { mode: 0o644 });
  await writeFile(join(dataDir, 'store.db'), 'data-dir-secret\n', { mode: 0o644 });
  await giveToSandboxUser(workspace);
  await giveToSandboxUser(sibling);
  await giveToSandboxUser(join(sibling, 'secret.txt'));
  return { root, workspace, sibling, dataDir, cleanup: () => rm(root, { recursive: true, force: true }) };
}

export async function openTestSandbox(runtimeParent: string): Promise<Sandbox> {
  const sandbox = await Sandbox.open({ runtimeParent, probeUser: { uid: TEST_SANDBOX_UID, gid: TEST_SANDBOX_UID } });
  if (!sandbox.status.available) throw new Error(`sandbox unavailable: ${sandbox.status.reason}`);
  return sandbox;
}

/** An attachment collecting a terminal's output as text. */
export class Screen {
  text = '';
  exit: TerminalInfo | undefined;
  detach: Detach = () => {};
  private waiters: Array<() => void> = [];

  static async attach(host: TerminalHost, id: string): Promise<Screen> {
    const screen = new Screen();
    screen.detach = await host.attach(id, {
      onData: (data) => {
        screen.text += Buffer.from(data).toString('utf8');
        screen.notify();
      },
      onExit: (info) => {
        screen.exit = info;
        screen.notify();
      },
    });
    return screen;
  }

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves once the output (after `from`) matches; rejects with the output seen after `timeoutMs`. */
  async waitFor(pattern: RegExp, { from = 0, timeoutMs = 10_000 } = {}): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.text.slice(from).match(pattern);
      if (match) return match;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; output was:\n${this.text.slice(from)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  async waitForExit(timeoutMs = 10_000): Promise<TerminalInfo> {
    const deadline = Date.now() + timeoutMs;
    while (!this.exit) {
      if (Date.now() > deadline) throw new Error(`terminal did not exit; output was:\n${this.text}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
    return this.exit;
  }
}

let marker = 0;
/**
 * Types `command` followed by an echo of a fresh marker computed by the shell (so the typed line,
 * echoed back by the terminal, never matches), and resolves with the output before the marker.
 */
export async function runInTerminal(host: TerminalHost, screen: Screen, id: string, command: string): Promise<string> {
  const n = ++marker;
  const from = screen.text.length;
  host.write(id, `${command}\recho "<<$((${n} * 1000 + 1))>>"\r`);
  const match = await screen.waitFor(new RegExp(`([\\s\\S]*)<<${n * 1000 + 1}>>`), { from });
  return match[1]!;
}

/**
 * Host processes left over from this file's sandboxes: a bwrap whose command line names `root`
 * (every sandbox here binds paths below it). What runs inside a sandbox lives in its own PID
 * namespace and dies with it, so no bwrap left means nothing left. Other test files' sandboxes —
 * a terminal still shutting down, as the same uid when root — name other roots and do not count.
 */
export async function leftoverSandboxProcesses(root: string): Promise<string[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      if (cmdline.includes('bwrap') && cmdline.includes(root)) found.push(`${pid}: ${cmdline}`);
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}
