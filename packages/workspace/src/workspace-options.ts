// The options of a workspace root, with their defaults. Quotas may depend on the workspace (a
// tenant's plan), so they can be given as a function.
import type { WorkspaceRef } from './workspace-layout';
import type { TreeOwner } from './tree-owner';

export interface WorkspaceQuotas {
  /** Bytes of all regular files in one workspace tree. */
  workspaceBytes: number;
  /** Entries (every name: files, directories, symlinks) in one workspace tree. */
  workspaceEntries: number;
  /** Size of any single file. */
  fileBytes: number;
  /** Bytes of all the tenant's workspaces together. */
  tenantBytes: number;
  /** Entries of all the tenant's workspaces together (unlimited unless set: checking it reads the tenant's records). */
  tenantEntries: number;
}

export interface UploadLimits {
  /** Bytes read from one upload stream (a file set, or an archive before extraction). */
  maxUploadBytes: number;
  /** Entries in one upload or archive. */
  maxEntries: number;
  /** Bytes one archive may expand to. */
  maxExpandedBytes: number;
  /** Expanded bytes per compressed byte, for an archive or one of its entries, past 1 MiB expanded. */
  maxCompressionRatio: number;
}

export interface WorkspaceRootOptions {
  /** Directory holding every tenant's workspaces; created when missing. */
  root: string;
  quotas?: Partial<WorkspaceQuotas> | ((ref: WorkspaceRef) => Partial<WorkspaceQuotas> | Promise<Partial<WorkspaceQuotas>>);
  upload?: Partial<UploadLimits>;
  /** Largest file `read` returns in memory (streams are not limited). Default 10 MiB. */
  maxReadBytes?: number;
  /** A usage record older than this is recomputed by scanning before a quota check. Default 60 s. */
  usageMaxAgeMs?: number;
  lock?: {
    /** How long an operation waits for the workspace lock before failing with BUSY. Default 10 s. */
    timeoutMs?: number;
    /** A lock whose holder stopped refreshing it for this long is broken. Default 30 s. */
    staleMs?: number;
  };
  /** fsync written files before renaming them into place. Default true. */
  durableWrites?: boolean;
  /** The ripgrep executable. Default "rg" (Debian's ripgrep). */
  ripgrepPath?: string;
  /** The git executable checkpoints run. Default "git". */
  gitPath?: string;
  /**
   * Owner given to every tree and to everything created in one (a root server gives workspaces to
   * an unprivileged uid). Default: none, entries belong to the process's user.
   */
  owner?: TreeOwner;
  search?: { maxResults?: number; timeoutMs?: number };
  find?: {
    /** Directory names never descended into by find. Default [".git", "node_modules"]. */
    exclude?: string[];
    /** Files indexed per workspace at most. Default 200,000. */
    maxFiles?: number;
    /** How long a workspace's file list is reused between finds. Default 2 s. */
    cacheMs?: number;
  };
  watch?: {
    /** Quiet time before a batch of events is delivered. Default 75 ms. */
    debounceMs?: number;
    /** Directories watched per workspace at most (one inotify watch each). Default 8,192. */
    maxDirectories?: number;
  };
}

export interface WorkspaceSettings {
  root: string;
  quotas: (ref: WorkspaceRef) => Promise<WorkspaceQuotas>;
  upload: UploadLimits;
  maxReadBytes: number;
  usageMaxAgeMs: number;
  lockTimeoutMs: number;
  lockStaleMs: number;
  durableWrites: boolean;
  ripgrepPath: string;
  gitPath: string;
  owner: TreeOwner | undefined;
  searchMaxResults: number;
  searchTimeoutMs: number;
  findExclude: string[];
  findMaxFiles: number;
  findCacheMs: number;
  watchDebounceMs: number;
  watchMaxDirectories: number;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;

export const DEFAULT_QUOTAS: WorkspaceQuotas = {
  workspaceBytes: 2 * GiB,
  workspaceEntries: 200_000,
  fileBytes: 100 * MiB,
  tenantBytes: 20 * GiB,
  tenantEntries: Number.POSITIVE_INFINITY,
};

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxUploadBytes: 512 * MiB,
  maxEntries: 50_000,
  maxExpandedBytes: 1 * GiB,
  maxCompressionRatio: 200,
};

export function resolveSettings(options: WorkspaceRootOptions, realRoot: string): WorkspaceSettings {
  const quotas = options.quotas;
  return {
    root: realRoot,
    quotas: async (ref) => ({ ...DEFAULT_QUOTAS, ...(typeof quotas === 'function' ? await quotas(ref) : quotas) }),
    upload: { ...DEFAULT_UPLOAD_LIMITS, ...options.upload },
    maxReadBytes: options.maxReadBytes ?? 10 * MiB,
    usageMaxAgeMs: options.usageMaxAgeMs ?? 60_000,
    lockTimeoutMs: options.lock?.timeoutMs ?? 10_000,
    lockStaleMs: options.lock?.staleMs ?? 30_000,
    durableWrites: options.durableWrites ?? true,
    ripgrepPath: options.ripgrepPath ?? 'rg',
    gitPath: options.gitPath ?? 'git',
    owner: options.owner,
    searchMaxResults: options.search?.maxResults ?? 500,
    searchTimeoutMs: options.search?.timeoutMs ?? 10_000,
    findExclude: options.find?.exclude ?? ['.git', 'node_modules'],
    findMaxFiles: options.find?.maxFiles ?? 200_000,
    findCacheMs: options.find?.cacheMs ?? 2_000,
    watchDebounceMs: options.watch?.debounceMs ?? 75,
    watchMaxDirectories: options.watch?.maxDirectories ?? 8_192,
  };
}
