// Audit entries in each tenant's space: the chain itself by sequence, its head, and three indexes
// ordered by time (all entries, by user, by event type) so a filtered, newest-first page is a
// reverse range read rather than a scan.
import type { ScopedEntry, ScopedTransaction, Tuple } from '@coditect/store';
import type { TAuditEntry, TAuditEventType } from '../../router/audit/audit.types';
import { GENESIS_HASH, sealEntry, type AuditEntryDraft } from './audit-chain';

/**
 * Where events that belong to no tenant live (a failed login for an unknown email, a refused
 * registration): the nil UUID, which no self-tenant id (a UUID v5) can equal.
 */
export const SYSTEM_AUDIT_TENANT = '00000000-0000-0000-0000-000000000000';

export interface AuditHead {
  sequence: number;
  hash: string;
}

export type AuditIndex = { by: 'time' } | { by: 'user'; userId: string } | { by: 'type'; eventType: TAuditEventType };

/** An index key's position: created_at in ms, then sequence. */
export interface AuditPosition {
  ms: number;
  sequence: number;
}

const HEAD: Tuple = ['audit', 'head'];
const ENTRIES: Tuple = ['audit', 'entry'];

function indexPrefix(index: AuditIndex): Tuple {
  switch (index.by) {
    case 'time':
      return ['audit', 'by_time'];
    case 'user':
      return ['audit', 'by_user', index.userId];
    case 'type':
      return ['audit', 'by_type', index.eventType];
  }
}

export const auditRepository = {
  async head(tenant: ScopedTransaction): Promise<AuditHead> {
    return (await tenant.get<AuditHead>(HEAD)) ?? { sequence: 0, hash: GENESIS_HASH };
  },

  /** Appends drafts to the tenant's chain in order; returns the sealed entries. */
  async append(tenant: ScopedTransaction, drafts: readonly AuditEntryDraft[]): Promise<TAuditEntry[]> {
    let head = await this.head(tenant);
    const sealed: TAuditEntry[] = [];
    for (const draft of drafts) {
      const entry = sealEntry(draft, head.sequence + 1, head.hash);
      const ms = Date.parse(entry.created_at);
      tenant.set([...ENTRIES, entry.sequence], entry);
      tenant.set(['audit', 'by_time', ms, entry.sequence], null);
      tenant.set(['audit', 'by_type', entry.event_type, ms, entry.sequence], null);
      if (entry.user_id !== null) tenant.set(['audit', 'by_user', entry.user_id, ms, entry.sequence], null);
      head = { sequence: entry.sequence, hash: entry.hash };
      sealed.push(entry);
    }
    tenant.set(HEAD, head);
    return sealed;
  },

  entry(tenant: ScopedTransaction, sequence: number): Promise<TAuditEntry | undefined> {
    return tenant.get<TAuditEntry>([...ENTRIES, sequence]);
  },

  /** Chain entries in sequence order, `after` exclusive, up to `through` inclusive. */
  async chainPage(
    tenant: ScopedTransaction,
    after: number,
    through: number,
    limit: number,
  ): Promise<Array<{ keySequence: number; entry: TAuditEntry }>> {
    const rows: Array<ScopedEntry<TAuditEntry>> = await tenant.getRange<TAuditEntry>(ENTRIES, {
      after: [...ENTRIES, after],
      before: [...ENTRIES, through + 1],
      limit,
    });
    return rows.map((row) => ({ keySequence: row.key[ENTRIES.length] as number, entry: row.value }));
  },

  /** Index positions newest first, strictly before `before` (or at most `toMs`), a page at a time. */
  async positionsNewestFirst(
    tenant: ScopedTransaction,
    index: AuditIndex,
    bound: { before?: AuditPosition; toMs?: number },
    limit: number,
  ): Promise<AuditPosition[]> {
    const prefix = indexPrefix(index);
    const before: Tuple | undefined = bound.before
      ? [...prefix, bound.before.ms, bound.before.sequence]
      : bound.toMs !== undefined
        ? [...prefix, bound.toMs + 1]
        : undefined;
    const rows = await tenant.getRange<null>(prefix, { reverse: true, limit, before });
    return rows.map((row) => ({ ms: row.key[prefix.length] as number, sequence: row.key[prefix.length + 1] as number }));
  },
};
