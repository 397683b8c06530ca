// One machine's sandbox runtime: checks once that bwrap works here, holds the synthetic /etc files
// every sandbox binds, and decides which unprivileged uid a workspace's sandbox runs as.
import { execFile } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ResourceLimits } from './resource-limits';
import {
  SANDBOX_GID,
  SANDBOX_HOME,
  SANDBOX_UID,
  sandboxCommandLine,
  type SandboxCommandLine,
  type SandboxUser,
} from './sandbox-command-line';
import { SandboxError } from './sandbox-errors';

const execFileAsync = promisify(execFile);

export interface SandboxOptions {
  bwrapPath?: string;
  /** The hostname inside every sandbox. */
  hostname?: string;
  /** Parent of the runtime directory (synthetic /etc); the OS temp directory by default. */
  runtimeParent?: string;
  /** The uid/gid the availability check runs as when this process is root (default nobody). */
  probeUser?: SandboxUser;
}

export type SandboxStatus =
  | {
      available: true;
      bwrapVersion: string;
      /** How the process limit is enforced: root switches to the workspace owner's uid first. */
      identity: 'workspace-owner' | 'server-user';
    }
  | { available: false; reason: string };

export interface SandboxRequest {
  workspaceDir: string;
  cwd?: string;
  env?: Readonly<Record<string, string>>;
  network?: boolean;
  limits: ResourceLimits;
  command: readonly string[];
  newSession: boolean;
  term?: string;
}

const NOBODY: SandboxUser = { uid: 65534, gid: 65534 };

function etcFiles(hostname: string): Record<string, string> {
  return {
    passwd: `root:x:0:0:root:/root:/usr/sbin/nologin\nuser:x:${SANDBOX_UID}:${SANDBOX_GID}:user:${SANDBOX_HOME}:/bin/bash\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n`,
    group: `root:x:0:\nuser:x:${SANDBOX_GID}:\nnogroup:x:65534:\n`,
    hosts: `127.0.0.1\tlocalhost ${hostname}\n::1\tlocalhost ip6-localhost ip6-loopback\n`,
    hostname: `${hostname}\n`,
  };
}

export class Sandbox {
  private constructor(
    readonly status: SandboxStatus,
    private readonly runtimeDir: string,
    private readonly bwrapPath: string,
    private readonly hostname: string,
  ) {}

  /** Writes the runtime files and runs one sandboxed `true`, so start-up can say whether it works. */
  static async open(options: SandboxOptions = {}): Promise<Sandbox> {
    const bwrapPath = options.bwrapPath ?? '/usr/bin/bwrap';
    const hostname = options.hostname ?? 'sandbox';
    const runtimeDir = await mkdtemp(join(options.runtimeParent ?? tmpdir(), 'coditect-sandbox-'));
    // Readable by the unprivileged uid the sandboxes run as; writable by nobody but us.
    await chmod(runtimeDir, 0o755);
    const etcDir = join(runtimeDir, 'etc');
    await mkdir(etcDir, { mode: 0o755 });
    for (const [name, content] of Object.entries(etcFiles(hostname))) {
      await writeFile(join(etcDir, name), content, { mode: 0o644 });
    }
    const status = await probe(bwrapPath, hostname, runtimeDir, options.probeUser ?? NOBODY);
    return new Sandbox(status, runtimeDir, bwrapPath, hostname);
  }

  get available(): boolean {
    return this.status.available;
  }

  /**
   * The command line for one sandboxed process in `workspaceDir`. As root, the sandbox runs as the
   * workspace directory's owner, which must not be root (see README.md).
   */
  async commandLine(request: SandboxRequest): Promise<SandboxCommandLine> {
    if (!this.status.available) throw new SandboxError('SANDBOX_UNAVAILABLE', this.status.reason);
    const workspaceDir = await resolveWorkspace(request.workspaceDir);
    return sandboxCommandLine({
      workspaceDir,
      cwd: request.cwd ?? '',
      env: request.env ?? {},
      network: request.network ?? false,
      limits: request.limits,
      command: request.command,
      etcDir: join(this.runtimeDir, 'etc'),
      runAs: await runAsFor(workspaceDir),
      newSession: request.newSession,
      hostname: this.hostname,
      bwrapPath: this.bwrapPath,
      ...(request.term ? { term: request.term } : {}),
    });
  }

  async close(): Promise<void> {
    await rm(this.runtimeDir, { recursive: true, force: true });
  }
}

async function resolveWorkspace(dir: string): Promise<string> {
  try {
    const resolved = await realpath(dir);
    if (!(await stat(resolved)).isDirectory()) throw new Error('not a directory');
    return resolved;
  } catch (error) {
    throw new SandboxError('WORKSPACE_INVALID', `workspace ${dir} is not a directory`, { cause: error });
  }
}

/** Root switches to the workspace owner; anyone else already is an unprivileged uid. */
async function runAsFor(workspaceDir: string): Promise<SandboxUser | null> {
  if (process.geteuid?.() !== 0) return null;
  const { uid, gid } = await stat(workspaceDir);
  if (uid === 0 || gid === 0) {
    throw new SandboxError(
      'WORKSPACE_INVALID',
      `workspace ${workspaceDir} is owned by root; a sandbox runs as the workspace owner and never as root`,
    );
  }
  return { uid, gid };
}

async function probe(bwrapPath: string, hostname: string, runtimeDir: string, probeUser: SandboxUser): Promise<SandboxStatus> {
  let bwrapVersion: string;
  try {
    bwrapVersion = (await execFileAsync(bwrapPath, ['--version'], { env: {} })).stdout.trim();
  } catch (error) {
    return { available: false, reason: `${bwrapPath} cannot run: ${(error as Error).message}` };
  }
  const isRoot = process.geteuid?.() === 0;
  const workspaceDir = join(runtimeDir, 'probe-workspace');
  await mkdir(workspaceDir, { mode: 0o755 });
  if (isRoot) await chown(workspaceDir, probeUser.uid, probeUser.gid);
  try {
    const { file, args } = sandboxCommandLine({
      workspaceDir,
      cwd: '',
      env: {},
      network: false,
      limits: {
        cpuSeconds: 10,
        addressSpaceBytes: null,
        processes: 64,
        fileSizeBytes: 1024,
        openFiles: 64,
        tmpfsBytes: 1024 * 1024,
      },
      command: ['true'],
      etcDir: join(runtimeDir, 'etc'),
      runAs: isRoot ? probeUser : null,
      newSession: true,
      hostname,
      bwrapPath,
    });
    await execFileAsync(file, args, { env: {}, timeout: 10_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    return {
      available: false,
      reason: `a sandboxed 'true' failed${isRoot ? ` as uid ${probeUser.uid}` : ''}: ${stderr || (error as Error).message}`,
    };
  } finally {
    await rm(workspaceDir, { recursive: true, force: true });
  }
  return { available: true, bwrapVersion, identity: isRoot ? 'workspace-owner' : 'server-user' };
}
