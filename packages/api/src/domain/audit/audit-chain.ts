// The tamper-evident link: each entry's hash covers all its fields, its sequence and the previous
// entry's hash, so editing, removing or reordering any entry breaks the chain from there on. The
// hash is keyed (HMAC-SHA-256 under a key derived from a secret that is not in the store, named by
// the entry's `key_id`), so whoever can write the store cannot rebuild a chain that verifies.
// Entries from before keys (no key_id) were hashed with plain SHA-256 and still verify as such,
// but once a keyed entry appears every later one must be keyed. Fields are hashed in one fixed
// order, so a record read back from the store hashes the same.
import * as crypto from 'node:crypto';
import type { TAuditEntry } from '../../contract/audit';

export const GENESIS_HASH = '0'.repeat(64);

export type UnsealedAuditEntry = Omit<TAuditEntry, 'hash'>;
export type AuditEntryDraft = Omit<TAuditEntry, 'hash' | 'sequence' | 'prev_hash' | 'key_id'>;

export interface AuditKey {
  id: string;
  key: Buffer;
}

/** The key entries are sealed with, and every key they may have been sealed with, by id. */
export interface AuditKeys {
  current: AuditKey;
  byId: ReadonlyMap<string, Buffer>;
}

/** Keys derived from secrets (the first seals; the rest only verify, e.g. during a rotation). */
export function auditKeys(secrets: readonly Uint8Array[]): AuditKeys {
  const keys = secrets.map((secret): AuditKey => {
    const key = Buffer.from(crypto.hkdfSync('sha256', secret, 'coditect', 'audit-chain-v1', 32));
    return { id: crypto.createHash('sha256').update(key).digest('base64url').slice(0, 16), key };
  });
  return { current: keys[0]!, byId: new Map(keys.map((key) => [key.id, key.key])) };
}

/** The sealed entry and its JSON (the hashed fields' JSON with the hash appended as last field). */
export function sealEntry(
  draft: AuditEntryDraft,
  sequence: number,
  prevHash: string,
  key: AuditKey | undefined,
): { entry: TAuditEntry; json: string } {
  const entry = hashedFields({ ...draft, key_id: key?.id ?? null }, sequence, prevHash) as TAuditEntry;
  const hashed = JSON.stringify(entry);
  entry.hash = key ? hmac(key.key, hashed) : sha256(hashed);
  entry.key_id ??= null;
  return { entry, json: `${hashed.slice(0, -1)},"hash":"${entry.hash}"}` };
}

/**
 * The hash an entry should carry: keyed with the key its key_id names, plain SHA-256 for entries
 * from before keys; undefined when it names a key not configured here.
 */
export function entryHash(entry: UnsealedAuditEntry, keys?: AuditKeys): string | undefined {
  const hashed = JSON.stringify(hashedFields(entry, entry.sequence, entry.prev_hash));
  if (!entry.key_id) return sha256(hashed);
  const key = keys?.byId.get(entry.key_id);
  return key ? hmac(key, hashed) : undefined;
}

// One-shot crypto.hash (Node ≥ 20.12) costs about half of createHash per entry; the engines
// field still admits 20.11, which only has createHash.
const sha256: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

export function hmac(key: Buffer, text: string): string {
  return crypto.createHmac('sha256', key).update(text).digest('hex');
}

function hashedFields(
  entry: Omit<UnsealedAuditEntry, 'sequence' | 'prev_hash'>,
  sequence: number,
  prevHash: string,
): UnsealedAuditEntry {
  const fields = {
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
  } as UnsealedAuditEntry;
  // Entries from before keys were hashed without the field; keyed ones cover it.
  if (entry.key_id) fields.key_id = entry.key_id;
  return fields;
}
