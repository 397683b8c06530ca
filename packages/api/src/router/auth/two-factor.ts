import { procedure } from '../../procedure';
import { authContract } from '../../contract/auth';
import {
  completeTwoFactorSignIn,
  disableTwoFactor as turnOff,
  enableTwoFactor as turnOn,
  regenerateRecoveryCodes as newCodes,
  startTwoFactorSetup,
  twoFactorStatus,
} from '../../domain/identity/two-factor-service';

export const verifyTwoFactor = procedure(authContract.verifyTwoFactor).mutation(({ ctx, input }) =>
  completeTwoFactorSignIn(ctx, input, (subject) => {
    // Wrong codes land in the account's audit trail too (an anonymous call's input names no user).
    ctx.call.subject = subject;
  }),
);

export const twoFactor = procedure(authContract.twoFactor).query(({ ctx }) => twoFactorStatus(ctx));

export const setupTwoFactor = procedure(authContract.setupTwoFactor).mutation(({ ctx, input }) =>
  startTwoFactorSetup(ctx, input.password),
);

export const enableTwoFactor = procedure(authContract.enableTwoFactor).mutation(async ({ ctx, input }) => ({
  recovery_codes: await turnOn(ctx, input.code),
}));

export const disableTwoFactor = procedure(authContract.disableTwoFactor).mutation(async ({ ctx, input }) => {
  await turnOff(ctx, input.password);
  return { message: 'Two-factor authentication is off' };
});

export const regenerateRecoveryCodes = procedure(authContract.regenerateRecoveryCodes).mutation(async ({ ctx, input }) => ({
  recovery_codes: await newCodes(ctx, input.password),
}));
