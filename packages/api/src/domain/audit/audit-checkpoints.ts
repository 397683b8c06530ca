// Signed checkpoints of each tenant's chain head, kept outside the store: a chain that lost its
// newest entries (with the head rewound to match) or was rebuilt verifies on its own, but not
// against the last checkpoint, which records a sequence and hash it can no longer show. The
// server keeps them as files (AUDIT_CHECKPOINT_DIR); what matters is that whoever can rewrite the
// store cannot also rewrite them.
import type { AuditKeys } from './audit-chain';
import { hmac } from './audit-chain';

export interface AuditCheckpoint {
  tenant_id: string;
  sequence: number;
  hash: string;
  at: string;
  key_id: string;
  signature: string;
}

export interface AuditCheckpointStore {
  read(tenantId: string): Promise<AuditCheckpoint | undefined>;
  /** Keeps `checkpoint` unless the one kept already records a later sequence. */
  write(checkpoint: AuditCheckpoint): Promise<void>;
}

/** The keys chains are sealed with and where checkpoints are kept. */
export interface AuditSeal {
  keys: AuditKeys;
  checkpoints?: AuditCheckpointStore;
}

function signedText(checkpoint: Omit<AuditCheckpoint, 'signature'>): string {
  return `${checkpoint.tenant_id}|${checkpoint.sequence}|${checkpoint.hash}|${checkpoint.at}|${checkpoint.key_id}`;
}

export function signCheckpoint(
  keys: AuditKeys,
  head: { tenant_id: string; sequence: number; hash: string },
  at: Date,
): AuditCheckpoint {
  const unsigned = { ...head, at: at.toISOString(), key_id: keys.current.id };
  return { ...unsigned, signature: hmac(keys.current.key, signedText(unsigned)) };
}

export function checkpointIsAuthentic(keys: AuditKeys, checkpoint: AuditCheckpoint): boolean {
  const key = keys.byId.get(checkpoint.key_id);
  return key !== undefined && hmac(key, signedText(checkpoint)) === checkpoint.signature;
}
