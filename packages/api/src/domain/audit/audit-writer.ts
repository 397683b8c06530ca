// Writes the audit trail asynchronously: calls are queued as they finish and written in batches
// (one transaction per batch, each tenant's chain extended in order), never on a response's path.
// A failed write is reported (the server sends it to stderr) and never reaches the caller.
import type { KvStore } from '@coditect/store';
import type { TAuditEntry } from '../../contract/audit';
import type { TokenService } from '../identity/tokens';
import type { AuditEntryDraft } from './audit-chain';
import { draftEntries } from './audit-entry-draft';
import { auditRepository } from './audit-repository';
import type { AuditTrail, CallObservation } from './audit-observation';

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
  /** Queue bound: past it new entries are dropped (and reported) rather than exhausting memory. */
  maxPending?: number;
}

export class AuditWriter implements AuditTrail {
  private pending: CallObservation[] = [];
  private readonly batchSize: number;
  private readonly flushDelayMs: number;
  private readonly maxPending: number;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private dropped = 0;

  constructor(private readonly options: AuditWriterOptions) {
    this.batchSize = options.batchSize ?? 1000;
    this.flushDelayMs = options.flushDelayMs ?? 100;
    this.maxPending = options.maxPending ?? 50_000;
  }

  record(observation: CallObservation): void {
    if (this.pending.length >= this.maxPending) {
      this.dropped += 1;
      return;
    }
    this.pending.push(observation);
    if (this.writing) return;
    if (this.pending.length >= this.batchSize) this.startWriting();
    else this.timer ??= setTimeout(() => this.startWriting(), this.flushDelayMs).unref();
  }

  /** Resolves when everything recorded so far has been written (or reported as lost). */
  async flush(): Promise<void> {
    while (this.pending.length > 0 || this.writing) {
      this.startWriting(true);
      await this.writing;
    }
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
    if (this.dropped > 0) {
      const lost = this.dropped;
      this.dropped = 0;
      this.report(new Error('audit queue full'), lost);
    }
  }

  private async writeBatch(batch: CallObservation[]): Promise<void> {
    try {
      await appendAuditEntries(this.options.store, await draftEntries(this.options, batch));
    } catch (error) {
      this.report(error, batch.length);
    }
  }

  private report(error: unknown, lost: number): void {
    try {
      this.options.reportFailure(error, lost);
    } catch {
      // A broken reporter must not break the writer.
    }
  }
}

/** One transaction: each tenant's drafts appended to its chain in the order given. */
export function appendAuditEntries(store: KvStore, drafts: readonly AuditEntryDraft[]): Promise<TAuditEntry[]> {
  const byTenant = new Map<string, AuditEntryDraft[]>();
  for (const draft of drafts) {
    const list = byTenant.get(draft.tenant_id);
    if (list) list.push(draft);
    else byTenant.set(draft.tenant_id, [draft]);
  }
  return store.transact(async (tx) => {
    const sealed: TAuditEntry[] = [];
    for (const [tenantId, tenantDrafts] of byTenant) sealed.push(...(await auditRepository.append(tx, tenantId, tenantDrafts)));
    return sealed;
  });
}
