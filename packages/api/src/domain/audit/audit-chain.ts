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
  const entry = hashedFields(draft, sequence, prevHash, key?.id ?? null) as TAuditEntry;
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
  const hashed = JSON.stringify(hashedFields(entry, entry.sequence, entry.prev_hash, entry.key_id));
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

/** HMAC-SHA-256 of `text` under `key`, in hex. */
export function hmac(key: Buffer, text: string): string {
  if (typeof crypto.hash !== 'function' || key.length > SHA256_BLOCK || text.length * 3 > HMAC_SCRATCH - SHA256_BLOCK) {
    return crypto.createHmac('sha256', key).update(text).digest('hex');
  }
  return oneShotHmac(key, text);
}

// HMAC spelled out (RFC 2104: H(K ^ opad || H(K ^ ipad || text))) over two one-shot hashes: the
// writer seals an entry per authenticated request, and a Hmac object (a stream, a native handle)
// cost more than the hashing. Same digest as createHmac (test/audit-chain-hmac.test.ts).
const SHA256_BLOCK = 64;
const HMAC_SCRATCH = 64 * 1024;
let scratch: Buffer | undefined;
const paddedKeys = new WeakMap<Buffer, { inner: Buffer; outer: Buffer }>();

function oneShotHmac(key: Buffer, text: string): string {
  let padded = paddedKeys.get(key);
  if (!padded) {
    // Keys up to a block are zero-padded to it (longer ones would be hashed first: createHmac does that).
    const inner = Buffer.alloc(SHA256_BLOCK, 0x36);
    // The outer message: the padded key, then the inner digest (32 bytes) written per call.
    const outer = Buffer.alloc(SHA256_BLOCK + 32, 0x5c);
    for (let i = 0; i < key.length; i++) {
      inner[i]! ^= key[i]!;
      outer[i]! ^= key[i]!;
    }
    padded = { inner, outer };
    paddedKeys.set(key, padded);
  }
  scratch ??= Buffer.allocUnsafeSlow(HMAC_SCRATCH);
  padded.inner.copy(scratch, 0);
  const length = SHA256_BLOCK + scratch.write(text, SHA256_BLOCK, 'utf8');
  const innerDigest = crypto.hash('sha256', scratch.subarray(0, length), 'buffer') as unknown as Buffer;
  innerDigest.copy(padded.outer, SHA256_BLOCK);
  return crypto.hash('sha256', padded.outer, 'hex');
}

function hashedFields(
  entry: Omit<UnsealedAuditEntry, 'sequence' | 'prev_hash' | 'key_id'>,
  sequence: number,
  prevHash: string,
  keyId: string | null | undefined,
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
  if (keyId) fields.key_id = keyId;
  return fields;
}
