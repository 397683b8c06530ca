// Writes the audit trail asynchronously: calls are queued as they finish and written in batches
// (one transaction per batch, each tenant's chain extended in order), never on a response's path.
// A failed write is reported (the server sends it to stderr) and never reaches the caller.
import type { KvStore } from '@coditect/store';
import type { TAuditEntry } from '../../contract/audit';
import type { TokenService } from '../identity/tokens';
import type { AuditEntryDraft, AuditKey } from './audit-chain';
import { signCheckpoint, type AuditSeal } from './audit-checkpoints';
import { auditOutbox } from './audit-outbox';
import { draftEntries } from './audit-entry-draft';
import { auditRepository } from './audit-repository';
import type { AuditTrail, CallObservation, RejectedCredential } from './audit-observation';
import { RejectionTally } from './rejection-tally';
import { SYSTEM_AUDIT_TENANT } from './audit-repository';

export interface AuditWriterOptions {
  store: KvStore;
  tokens: TokenService;
  /** Called with the error and how many entries were lost; must not throw. */
  reportFailure: (error: unknown, lostEntries: number) => void;
  /** Entries per transaction at most (default 1000). */
  batchSize?: number;
  /**
   * How long a lone entry waits for company before it is written (default 100 ms): each commit
   * waits for a disk flush, so a few larger batches cost far less than many small ones.
   */
  flushDelayMs?: number;
  /**
   * Queue bound: past it new entries are dropped rather than exhausting memory — never silently:
   * the loss is reported and recorded as an `audit.entries_dropped` entry in each tenant's trail.
   */
  maxPending?: number;
  /** How long rejected credentials are tallied before their counts are written (default 60 s). */
  rejectionWindowMs?: number;
  /** The key chains are sealed with, and where checkpoints go; without it entries are unkeyed (tests). */
  seal?: AuditSeal;
}

/**
 * How old an outbox record must be before the sweep chains it: longer than any call runs, so a
 * record is never chained while its call (whose own entry clears it) is still going.
 */
export const OUTBOX_GRACE_MS = 15 * 60_000;

/** Checkpoints are written at most this often per tenant (and whenever the writer is flushed). */
const CHECKPOINT_INTERVAL_MS = 1000;

export class AuditWriter implements AuditTrail {
  private pending: CallObservation[] = [];

  /** Entries waiting to be written (for the metrics). */
  get queueDepth(): number {
    return this.pending.length;
  }
  private readonly batchSize: number;
  private readonly flushDelayMs: number;
  private readonly maxPending: number;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  /** Entries dropped since the last report, by tenant (unknown tenants: the system trail). */
  private dropped = new Map<string, number>();
  private readonly rejections = new RejectionTally();
  private rejectionTimer: NodeJS.Timeout | undefined;
  private readonly rejectionWindowMs: number;
  /** The newest head of each tenant written since the last checkpoint. */
  private heads = new Map<string, { sequence: number; hash: string }>();
  private checkpointTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: AuditWriterOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.flushDelayMs = options.flushDelayMs ?? 100;
    this.maxPending = options.maxPending ?? 50_000;
    this.rejectionWindowMs = options.rejectionWindowMs ?? 60_000;
  }

  record(observation: CallObservation): void {
    if (this.pending.length >= this.maxPending) {
      // A mutation's outbox record survives in the store: the sweep chains it, nothing is lost.
      if (observation.outboxId) return;
      const tenant = observation.tenantId ?? SYSTEM_AUDIT_TENANT;
      this.dropped.set(tenant, (this.dropped.get(tenant) ?? 0) + 1);
      return;
    }
    this.pending.push(observation);
    if (this.writing) return;
    if (this.pending.length >= this.batchSize) this.startWriting();
    else this.timer ??= setTimeout(() => this.startWriting(), this.flushDelayMs).unref();
  }

  recordRejectedCredential(rejection: RejectedCredential): void {
    this.rejections.add(rejection);
    this.rejectionTimer ??= setTimeout(() => {
      this.rejectionTimer = undefined;
      void this.writeDrafts(this.rejections.takeDrafts());
    }, this.rejectionWindowMs).unref();
  }

  /**
   * Chains the outbox records of mutations older than `olderThanMs` whose entries never came (the
   * server stopped, or the queue was full). The server runs it now and then; answers how many.
   */
  async recoverOutbox(olderThanMs = OUTBOX_GRACE_MS): Promise<number> {
    try {
      return await auditOutbox.recoverStale(
        this.options.store,
        new Date(Date.now() - olderThanMs),
        this.options.seal?.keys.current,
      );
    } catch (error) {
      this.report(error, 0);
      return 0;
    }
  }

  /** Resolves when everything recorded so far (tallies included) has been written or reported lost. */
  async flush(): Promise<void> {
    if (this.rejectionTimer) {
      clearTimeout(this.rejectionTimer);
      this.rejectionTimer = undefined;
    }
    if (!this.rejections.isEmpty) await this.writeDrafts(this.rejections.takeDrafts());
    while (this.pending.length > 0 || this.writing) {
      this.startWriting(true);
      await this.writing;
    }
    await this.writeCheckpoints();
  }

  private startWriting(untilEmpty = false): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.writing || this.pending.length === 0) return;
    this.writing = this.drain(untilEmpty).finally(() => {
      this.writing = undefined;
      // Entries recorded while the last batch was being committed.
      if (this.pending.length > 0) this.timer ??= setTimeout(() => this.startWriting(), this.flushDelayMs).unref();
    });
  }

  /**
   * Writes what is queued, then keeps going only while full batches are waiting: under steady load
   * the next batch waits for the delay rather than starting as soon as a commit returns, so
   * commits (each with its disk flush) happen at most every delay, not as fast as the disk allows.
   */
  private async drain(untilEmpty: boolean): Promise<void> {
    do {
      // Hand the whole queue over when it fits in one batch (no copying); split it otherwise.
      const batch = this.pending.length <= this.batchSize ? this.pending : this.pending.splice(0, this.batchSize);
      if (batch === this.pending) this.pending = [];
      await this.writeBatch(batch);
    } while (this.pending.length >= (untilEmpty ? 1 : this.batchSize));
    if (this.dropped.size > 0) {
      const dropped = this.dropped;
      this.dropped = new Map();
      const lost = [...dropped.values()].reduce((sum, count) => sum + count, 0);
      this.report(new Error('audit queue full'), lost);
      await this.writeDrafts([...dropped].map(([tenantId, count]) => droppedEntriesDraft(tenantId, count)));
    }
  }

  private async writeBatch(batch: CallObservation[]): Promise<void> {
    try {
      const outbox = batch.flatMap((call) =>
        call.outboxId && call.tenantId ? [{ tenantId: call.tenantId, id: call.outboxId }] : [],
      );
      const drafts = await draftEntries(this.options, batch);
      this.noteHeads(await appendAuditEntries(this.options.store, drafts, this.options.seal?.keys.current, outbox));
    } catch (error) {
      this.report(error, batch.length);
    }
  }

  private async writeDrafts(drafts: AuditEntryDraft[]): Promise<void> {
    if (drafts.length === 0) return;
    try {
      this.noteHeads(await appendAuditEntries(this.options.store, drafts, this.options.seal?.keys.current));
    } catch (error) {
      this.report(error, drafts.length);
    }
  }

  private noteHeads(sealed: readonly TAuditEntry[]): void {
    if (!this.options.seal?.checkpoints) return;
    for (const entry of sealed) this.heads.set(entry.tenant_id, { sequence: entry.sequence, hash: entry.hash });
    this.checkpointTimer ??= setTimeout(() => void this.writeCheckpoints(), CHECKPOINT_INTERVAL_MS).unref();
  }

  private async writeCheckpoints(): Promise<void> {
    if (this.checkpointTimer) {
      clearTimeout(this.checkpointTimer);
      this.checkpointTimer = undefined;
    }
    const { seal } = this.options;
    if (!seal?.checkpoints || this.heads.size === 0) return;
    const heads = this.heads;
    this.heads = new Map();
    const at = new Date();
    await Promise.all(
      [...heads].map(([tenantId, head]) =>
        seal
          .checkpoints!.write(signCheckpoint(seal.keys, { tenant_id: tenantId, ...head }, at))
          .catch((error: unknown) => this.report(error, 0)),
      ),
    );
  }

  private report(error: unknown, lost: number): void {
    try {
      this.options.reportFailure(error, lost);
    } catch {
      // A broken reporter must not break the writer.
    }
  }
}

/**
 * One transaction: each tenant's drafts appended to its chain in the order given, sealed with
 * `key`, and the outbox records of the calls they record cleared.
 */
export function appendAuditEntries(
  store: KvStore,
  drafts: readonly AuditEntryDraft[],
  key?: AuditKey,
  outbox: ReadonlyArray<{ tenantId: string; id: string }> = [],
): Promise<TAuditEntry[]> {
  const byTenant = new Map<string, AuditEntryDraft[]>();
  for (const draft of drafts) {
    const list = byTenant.get(draft.tenant_id);
    if (list) list.push(draft);
    else byTenant.set(draft.tenant_id, [draft]);
  }
  return store.transact(async (tx) => {
    const sealed: TAuditEntry[] = [];
    for (const [tenantId, tenantDrafts] of byTenant)
      sealed.push(...(await auditRepository.append(tx, tenantId, tenantDrafts, key)));
    auditOutbox.clear(tx, outbox);
    return sealed;
  });
}

/** The record that `count` entries of the tenant's trail were lost (the queue was full). */
function droppedEntriesDraft(tenantId: string, count: number): AuditEntryDraft {
  const now = new Date().toISOString();
  return {
    tenant_id: tenantId,
    user_id: null,
    event_type: 'audit.entries_dropped',
    endpoint: '',
    method: '',
    status_code: 503,
    error_code: null,
    ip_address: null,
    user_agent: null,
    request_body: null,
    response_time_ms: 0,
    request_id: `dropped-${Date.now().toString(36)}`,
    procedure: '',
    details: { count, reason: 'the audit queue was full' },
    created_at: now,
  };
}
