// The limits of one upload, counted while it streams so a bomb is refused after at most one
// limit's worth of bytes: entries, expanded bytes, the compression ratio (archives), each file's
// size against the single-file quota, and, early and approximately, the workspace quota (the
// exact check runs again when the upload is committed, under the lock).
import type { UploadLimits, WorkspaceQuotas } from './workspace-options';
import { WorkspaceError, quotaExceeded } from './workspace-error';
import type { WorkspaceUsage } from './usage-record';

/** Ratios are judged only past this many expanded bytes: tiny files compress unpredictably. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

export class UploadBudget {
  entries = 0;
  expandedBytes = 0;
  compressedBytes = 0;

  constructor(
    private readonly limits: UploadLimits,
    private readonly quotas: WorkspaceQuotas,
    /** Usage before the upload; null when the upload may replace files (then only the final check applies). */
    private readonly usage: WorkspaceUsage | null,
    private readonly kind: 'files' | 'archive',
  ) {}

  /** Counts `count` new entries (a file, a directory, a link). */
  addEntries(count = 1): void {
    this.entries += count;
    if (this.entries > this.limits.maxEntries) {
      throw new WorkspaceError('PAYLOAD_TOO_LARGE', `Too many entries in one upload (limit ${this.limits.maxEntries})`, {
        limit: 'upload_entries',
        max: this.limits.maxEntries,
      });
    }
    if (this.usage && this.usage.entries + this.entries > this.quotas.workspaceEntries) {
      throw quotaExceeded({
        limit: 'workspace_entries',
        used: this.usage.entries,
        requested: this.entries,
        max: this.quotas.workspaceEntries,
      });
    }
  }

  /** Checks a size declared up front (an archive's header) before any of it is written. */
  checkDeclared(fileBytes: number, totalBytes: number): void {
    if (fileBytes > this.quotas.fileBytes)
      throw quotaExceeded({ limit: 'file_bytes', used: 0, requested: fileBytes, max: this.quotas.fileBytes });
    this.checkTotal(totalBytes);
  }

  /** Counts `count` bytes written to a file that now holds `fileBytes`. */
  addBytes(count: number, fileBytes: number): void {
    this.expandedBytes += count;
    if (fileBytes > this.quotas.fileBytes)
      throw quotaExceeded({ limit: 'file_bytes', used: 0, requested: fileBytes, max: this.quotas.fileBytes });
    this.checkTotal(this.expandedBytes);
    this.checkRatio();
  }

  /** Counts bytes read from the (compressed) upload stream. */
  addCompressed(count: number): void {
    this.compressedBytes += count;
    if (this.compressedBytes > this.limits.maxUploadBytes) {
      throw new WorkspaceError('PAYLOAD_TOO_LARGE', `Upload larger than ${this.limits.maxUploadBytes} bytes`, {
        limit: 'upload_bytes',
        max: this.limits.maxUploadBytes,
      });
    }
  }

  /** An archive's (or one entry's) ratio of expanded to compressed bytes. */
  checkRatio(expanded = this.expandedBytes, compressed = this.compressedBytes): void {
    if (this.kind !== 'archive' || expanded <= RATIO_FLOOR_BYTES) return;
    if (expanded / Math.max(1, compressed) > this.limits.maxCompressionRatio) {
      throw new WorkspaceError(
        'INVALID_ARCHIVE',
        `The archive expands more than ${this.limits.maxCompressionRatio} times its size`,
        {
          reason: 'compression_ratio',
          max: this.limits.maxCompressionRatio,
        },
      );
    }
  }

  private checkTotal(total: number): void {
    const max = this.kind === 'archive' ? this.limits.maxExpandedBytes : this.limits.maxUploadBytes;
    if (total > max) {
      throw new WorkspaceError('PAYLOAD_TOO_LARGE', `Upload expands to more than ${max} bytes`, {
        limit: this.kind === 'archive' ? 'expanded_bytes' : 'upload_bytes',
        max,
      });
    }
    if (this.usage && this.usage.bytes + total > this.quotas.workspaceBytes) {
      throw quotaExceeded({
        limit: 'workspace_bytes',
        used: this.usage.bytes,
        requested: total,
        max: this.quotas.workspaceBytes,
      });
    }
  }
}
