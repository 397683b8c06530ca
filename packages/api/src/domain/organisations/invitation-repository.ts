// Invitations to an organisation, found by the digest of their link's token (never the token
// itself), listed by organisation, one pending per address and organisation.
//   identity: ['invitation', digest] → InvitationRecord
//   identity: ['invitation_of', tenant_id, invitation_id] → digest
//   identity: ['invitation_for', tenant_id, email_key] → digest
import { createHash } from 'node:crypto';
import type { ScopedTransaction } from '@coditect/store';
import type { TRole } from '../../contract/roles';
import { emailKey } from '../identity/user-repository';

export interface InvitationRecord {
  invitation_id: string;
  tenant_id: string;
  email: string;
  role: TRole;
  invited_by: string;
  /** The inviter's name as it was when they invited. */
  invited_by_name: string;
  created_at: string;
  expires_at: string;
}

export function invitationDigest(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

export const invitationRepository = {
  find(identity: ScopedTransaction, token: string): Promise<InvitationRecord | undefined> {
    return identity.get<InvitationRecord>(['invitation', invitationDigest(token)]);
  },

  /** The organisation's invitation for `email`'s address, with its digest. */
  async forAddress(
    identity: ScopedTransaction,
    tenantId: string,
    email: string,
  ): Promise<{ digest: string; invitation: InvitationRecord } | undefined> {
    const digest = await identity.get<string>(['invitation_for', tenantId, emailKey(email)]);
    const invitation = digest === undefined ? undefined : await identity.get<InvitationRecord>(['invitation', digest]);
    return invitation && { digest: digest!, invitation };
  },

  put(identity: ScopedTransaction, digest: string, invitation: InvitationRecord): void {
    identity.set(['invitation', digest], invitation);
    identity.set(['invitation_of', invitation.tenant_id, invitation.invitation_id], digest);
    identity.set(['invitation_for', invitation.tenant_id, emailKey(invitation.email)], digest);
  },

  remove(identity: ScopedTransaction, digest: string, invitation: InvitationRecord): void {
    identity.clear(['invitation', digest]);
    identity.clear(['invitation_of', invitation.tenant_id, invitation.invitation_id]);
    identity.clear(['invitation_for', invitation.tenant_id, emailKey(invitation.email)]);
  },

  /** The organisation's invitations (expired ones included), with their digests. */
  async listForTenant(
    identity: ScopedTransaction,
    tenantId: string,
  ): Promise<Array<{ digest: string; invitation: InvitationRecord }>> {
    const index = await identity.getRange<string>(['invitation_of', tenantId]);
    const found = await Promise.all(
      index.map(async (entry) => ({
        digest: entry.value,
        invitation: await identity.get<InvitationRecord>(['invitation', entry.value]),
      })),
    );
    return found.filter((each): each is { digest: string; invitation: InvitationRecord } => each.invitation !== undefined);
  },
};
