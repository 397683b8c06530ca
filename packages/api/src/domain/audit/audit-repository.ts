// Audit entries in each tenant's space: the chain itself by sequence, its head, and an index by
// event type for the rarer types (every type but `request`, which is most of a trail). Entries are
// in time order by sequence (created_at never goes backwards within a chain), so a time range is
// a sequence range found by binary search, and no time index has to be written per entry — the
// audit write sits beside every authenticated request, so each key it saves counts.
import { scopeTransaction, type ScopedTransaction, type Transaction, type Tuple } from '@coditect/store';
import type { TAuditEntry, TAuditEventType } from '../../contract/audit';
import { tenantSpace } from '../../storage/keyspace';
import { GENESIS_HASH, sealEntry, type AuditEntryDraft, type AuditKey } from './audit-chain';

/**
 * Where events that belong to no tenant live (a failed login for an unknown email, a refused
 * registration): the nil UUID, which no self-tenant id (a UUID v5) can equal.
 */
export const SYSTEM_AUDIT_TENANT = '00000000-0000-0000-0000-000000000000';

export interface AuditHead {
  sequence: number;
  hash: string;
  /** created_at of the last entry: the next one is never earlier. */
  created_at: string;
}

/** Event types too common to be worth an index entry each; they are filtered while walking. */
const UNINDEXED_TYPES: ReadonlySet<TAuditEventType> = new Set(['request']);

const HEAD: Tuple = ['audit', 'head'];
const ENTRIES: Tuple = ['audit', 'entry'];
const byType = (eventType: TAuditEventType): Tuple => ['audit', 'by_type', eventType];

export function isIndexedType(eventType: TAuditEventType): boolean {
  return !UNINDEXED_TYPES.has(eventType);
}

export const auditRepository = {
  async head(tenant: ScopedTransaction): Promise<AuditHead> {
    return (await tenant.get<AuditHead>(HEAD)) ?? { sequence: 0, hash: GENESIS_HASH, created_at: '' };
  },

  /**
   * Appends drafts to the tenant's chain in order; returns the sealed entries. Entries are written
   * as the very JSON their hash was computed over (plus the hash), serialised once.
   */
  async append(tx: Transaction, tenantId: string, drafts: readonly AuditEntryDraft[], key?: AuditKey): Promise<TAuditEntry[]> {
    const space = tenantSpace(tenantId);
    const tenant = scopeTransaction(tx, space);
    const entries = space.at(ENTRIES);
    let head = await this.head(tenant);
    const sealed: TAuditEntry[] = [];
    for (const draft of drafts) {
      // ISO-8601 UTC strings of one format compare like the instants they name.
      const inOrder = draft.created_at < head.created_at ? { ...draft, created_at: head.created_at } : draft;
      const { entry, json } = sealEntry(inOrder, head.sequence + 1, head.hash, key);
      tx.set(entries.pack([entry.sequence]), Buffer.from(json));
      if (isIndexedType(entry.event_type)) tenant.set([...byType(entry.event_type), entry.sequence], null);
      head = { sequence: entry.sequence, hash: entry.hash, created_at: entry.created_at };
      sealed.push(entry);
    }
    tenant.set(HEAD, head);
    return sealed;
  },

  /** Chain entries in sequence order, `after` exclusive, up to `through` inclusive. */
  async chainPage(
    tenant: ScopedTransaction,
    after: number,
    through: number,
    limit: number,
  ): Promise<Array<{ keySequence: number; entry: TAuditEntry }>> {
    const rows = await tenant.getRange<TAuditEntry>(ENTRIES, {
      after: [...ENTRIES, after],
      before: [...ENTRIES, through + 1],
      limit,
    });
    return rows.map((row) => ({ keySequence: row.key[ENTRIES.length] as number, entry: row.value }));
  },

  /** Entries with sequence in [lowest, highest], newest first. */
  async entriesNewestFirst(
    tenant: ScopedTransaction,
    lowest: number,
    highest: number,
    limit: number,
  ): Promise<Array<{ sequence: number; entry: TAuditEntry }>> {
    if (highest < lowest) return [];
    const rows = await tenant.getRange<TAuditEntry>(ENTRIES, {
      after: [...ENTRIES, lowest - 1],
      before: [...ENTRIES, highest + 1],
      reverse: true,
      limit,
    });
    return rows.map((row) => ({ sequence: row.key[ENTRIES.length] as number, entry: row.value }));
  },

  /** Sequences of entries of an indexed type in [lowest, highest], newest first. */
  async sequencesOfTypeNewestFirst(
    tenant: ScopedTransaction,
    eventType: TAuditEventType,
    lowest: number,
    highest: number,
    limit: number,
  ): Promise<number[]> {
    if (highest < lowest) return [];
    const prefix = byType(eventType);
    const rows = await tenant.getRange<null>(prefix, {
      after: [...prefix, lowest - 1],
      before: [...prefix, highest + 1],
      reverse: true,
      limit,
    });
    return rows.map((row) => row.key[prefix.length] as number);
  },

  entry(tenant: ScopedTransaction, sequence: number): Promise<TAuditEntry | undefined> {
    return tenant.get<TAuditEntry>([...ENTRIES, sequence]);
  },

  /** The entry at `sequence`, or the closest one below it (a trail with holes still answers). */
  async entryAtOrBefore(tenant: ScopedTransaction, sequence: number): Promise<TAuditEntry | undefined> {
    const rows = await tenant.getRange<TAuditEntry>(ENTRIES, { before: [...ENTRIES, sequence + 1], reverse: true, limit: 1 });
    return rows[0]?.value;
  },
};
