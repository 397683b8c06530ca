// Adds a user to an existing tenant (the seam future invitations will use; tests use it to put
// two users in one tenant). Not exposed as an operation yet.
import { randomUUID } from 'node:crypto';
import { scopeTransaction } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import type { TRole } from '../../contract/auth';
import { identitySpace, tenantSpace } from '../../storage/keyspace';
import type { IdentityDeps } from './identity-context';
import { newUserRecord, userRepository } from './user-repository';

export interface NewMember {
  email: string;
  password: string;
  first_name: string;
  last_name: string;
  role: TRole;
}

export async function addTenantMember(deps: IdentityDeps, tenantId: string, member: NewMember): Promise<{ user_id: string }> {
  const passwordHash = await deps.passwords.hash(member.password);
  const now = deps.now();
  const userId = randomUUID();
  await deps.store.transact(async (tx) => {
    if ((await scopeTransaction(tx, tenantSpace(tenantId)).get(['tenant'])) === undefined) {
      throw new AppError('NOT_FOUND', `No tenant ${tenantId}`);
    }
    const identity = scopeTransaction(tx, identitySpace);
    if (await userRepository.emailTaken(identity, member.email)) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists');
    }
    userRepository.put(
      identity,
      newUserRecord({
        user_id: userId,
        tenant_id: tenantId,
        email: member.email,
        first_name: member.first_name,
        last_name: member.last_name,
        company: null,
        role: member.role,
        password_hash: passwordHash,
        now,
      }),
    );
  });
  return { user_id: userId };
}
