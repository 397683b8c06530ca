// A miss on an owner-scoped lookup answers "not found" identically for a missing id and for
// another user's or tenant's id; the latter is flagged so the audit trail records the attempt.
import type { OwnedKind, TenantTransaction } from '../../storage/tenant-scope';
import type { AppError } from '../../errors/app-error';

/** Throws `error`, flagged as an isolation violation when `objectId` belongs to someone else. */
export async function throwNotFound(
  tx: TenantTransaction,
  error: AppError,
  userId: string,
  objectId: string,
  kind: OwnedKind,
): Promise<never> {
  const owner = await tx.owners.find(objectId);
  if (owner && owner.user_id !== userId) error.isolationViolation = { objectId, kind };
  throw error;
}
