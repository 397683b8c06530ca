// The caller's disk quota, checked from outside the sandbox: RLIMIT_FSIZE bounds one file, this
// bounds the workspace as a whole by stopping its processes once it has grown past the quota.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface WorkspaceQuota {
  maxBytes: number;
  checkEveryMs: number;
  /** Bytes the workspace uses; `du -sxb` by default (a caller with its own accounting plugs it in). */
  measure?: (workspaceDir: string) => Promise<number>;
}

export async function measureWithDu(workspaceDir: string): Promise<number> {
  const { stdout } = await execFileAsync('du', ['-sxb', '--', workspaceDir], { env: {}, maxBuffer: 1 << 20 });
  const bytes = Number.parseInt(stdout, 10);
  if (!Number.isFinite(bytes)) throw new Error(`du printed no size for ${workspaceDir}`);
  return bytes;
}

/**
 * Measures each workspace `workspaces()` names every `checkEveryMs` and calls `onOver` for those
 * past the quota. A measurement that fails is skipped (the next round tries again). Returns stop().
 */
export function watchWorkspaceQuota(
  quota: WorkspaceQuota,
  workspaces: () => Iterable<string>,
  onOver: (workspaceDir: string, bytes: number) => void,
): () => void {
  const measure = quota.measure ?? measureWithDu;
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void (async () => {
      for (const dir of new Set(workspaces())) {
        const bytes = await measure(dir).catch(() => undefined);
        if (bytes !== undefined && bytes > quota.maxBytes) onOver(dir, bytes);
      }
    })().finally(() => (running = false));
  }, quota.checkEveryMs);
  timer.unref();
  return () => clearInterval(timer);
}
