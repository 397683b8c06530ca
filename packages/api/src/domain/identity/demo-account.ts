// DEMO_MODE's account: demo@coditect.ai / demo, created once if absent.
import { AppError } from '../../errors/app-error';
import type { AnonymousContext } from './identity-context';
import { registerUser } from './registration-service';
import { userRepository } from './user-repository';

export const DEMO_EMAIL = 'demo@coditect.ai';
export const DEMO_PASSWORD = 'demo';

export async function ensureDemoAccount(ctx: Pick<AnonymousContext, 'deps' | 'identity'>): Promise<boolean> {
  const exists = await ctx.identity.transact((tx) => userRepository.emailTaken(tx.identity, DEMO_EMAIL));
  if (exists) return false;
  try {
    // The demo password is below the policy on purpose (length and strength); it is set directly.
    const acceptAnyPassword = { estimate: () => Promise.resolve({ score: 4, warning: null }) };
    await registerUser(
      {
        ...ctx,
        deps: { ...ctx.deps, passwordStrength: acceptAnyPassword },
        request: { ip: '127.0.0.1', userAgent: 'demo-seed' },
      },
      { email: DEMO_EMAIL, password: DEMO_PASSWORD, first_name: 'Demo', last_name: 'User' },
      { emailVerified: true },
    );
    return true;
  } catch (error) {
    if (error instanceof AppError && error.code === 'EMAIL_TAKEN') return false;
    throw error;
  }
}
