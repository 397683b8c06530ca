// The tamper-evident link: each entry's hash covers all its fields, its sequence and the previous
// entry's hash, so editing, removing or reordering any entry breaks the chain from there on.
// Fields are hashed in one fixed order, so a record read back from the store hashes the same.
import * as crypto from 'node:crypto';
import type { TAuditEntry } from '../../contract/audit';

export const GENESIS_HASH = '0'.repeat(64);

export type UnsealedAuditEntry = Omit<TAuditEntry, 'hash'>;
export type AuditEntryDraft = Omit<TAuditEntry, 'hash' | 'sequence' | 'prev_hash'>;

/** The sealed entry and its JSON (the hashed fields' JSON with the hash appended as last field). */
export function sealEntry(draft: AuditEntryDraft, sequence: number, prevHash: string): { entry: TAuditEntry; json: string } {
  const entry = hashedFields(draft, sequence, prevHash) as TAuditEntry;
  const hashed = JSON.stringify(entry);
  entry.hash = sha256(hashed);
  return { entry, json: `${hashed.slice(0, -1)},"hash":"${entry.hash}"}` };
}

export function entryHash(entry: UnsealedAuditEntry): string {
  return sha256(JSON.stringify(hashedFields(entry, entry.sequence, entry.prev_hash)));
}

// One-shot crypto.hash (Node ≥ 20.12) costs about half of createHash per entry; the engines
// field still admits 20.11, which only has createHash.
const sha256: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

function hashedFields(entry: AuditEntryDraft, sequence: number, prevHash: string): UnsealedAuditEntry {
  return {
    sequence,
    tenant_id: entry.tenant_id,
    user_id: entry.user_id,
    event_type: entry.event_type,
    endpoint: entry.endpoint,
    method: entry.method,
    status_code: entry.status_code,
    error_code: entry.error_code,
    ip_address: entry.ip_address,
    user_agent: entry.user_agent,
    request_body: entry.request_body,
    response_time_ms: entry.response_time_ms,
    request_id: entry.request_id,
    procedure: entry.procedure,
    details: entry.details,
    created_at: entry.created_at,
    prev_hash: prevHash,
  };
}
