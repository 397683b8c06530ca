// DEMO_MODE's account (seed 003): demo@coditect.ai / demo, created once if absent.
import { scopeTransaction } from '@coditect/store';
import { AppError } from '../../errors/app-error';
import { identitySpace } from '../../storage/keyspace';
import type { IdentityDeps } from './identity-context';
import { registerUser } from './registration';
import { userRepository } from './user-repository';

export const DEMO_EMAIL = 'demo@coditect.ai';
export const DEMO_PASSWORD = 'demo';

export async function ensureDemoAccount(deps: IdentityDeps): Promise<boolean> {
  const exists = await deps.store.transact((tx) => userRepository.emailTaken(scopeTransaction(tx, identitySpace), DEMO_EMAIL));
  if (exists) return false;
  try {
    // The demo password is below the policy minimum on purpose (seed 003); it is set directly.
    await registerUser(
      deps,
      { email: DEMO_EMAIL, password: DEMO_PASSWORD, first_name: 'Demo', last_name: 'User' },
      { ip: '127.0.0.1', userAgent: 'demo-seed' },
    );
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'EMAIL_TAKEN') return false;
    throw error;
  }
}
