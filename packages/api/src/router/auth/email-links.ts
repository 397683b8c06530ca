import { procedure } from '../../procedure';
import { authContract } from '../../contract/auth';
import { resendVerification as mailNewLink, verifyEmail as confirmEmail } from '../../domain/identity/email-verification-service';
import {
  requestPasswordReset as mailResetLink,
  resetPassword as setNewPassword,
} from '../../domain/identity/password-reset-service';

export const options = procedure(authContract.options).query(({ ctx }) => ({
  mail: ctx.deps.accountMail.delivers,
  email_verification: ctx.deps.accountMail.verification,
  providers: ctx.deps.signInProviders.list(),
}));

export const verifyEmail = procedure(authContract.verifyEmail).mutation(async ({ ctx, input }) => {
  const { email } = await confirmEmail(ctx, input.token);
  return { message: 'Your email address is verified', email, email_verified: true as const };
});

export const resendVerification = procedure(authContract.resendVerification).mutation(async ({ ctx }) => {
  await mailNewLink(ctx);
  return { message: 'A new verification link is on its way' };
});

export const requestPasswordReset = procedure(authContract.requestPasswordReset).mutation(({ ctx, input }) => {
  mailResetLink(ctx, input.email);
  return { message: 'If an account uses this address, a link to reset its password is on its way' };
});

export const resetPassword = procedure(authContract.resetPassword).mutation(async ({ ctx, input }) => {
  const subject = await setNewPassword(ctx, input);
  // The audit entry joins the account's trail (an anonymous call's input names no user).
  ctx.call.subject = subject;
  return { message: 'Your password is changed; sign in with it (every session of the account was ended)' };
});
