import { procedure } from '../../procedure';
import { authContract } from '../../contract/auth';
import {
  completeOAuth,
  linkWithPassword,
  listIdentities,
  startOAuth,
  unlinkIdentity as unlink,
} from '../../domain/sign-in-providers/oauth-sign-in-service';

export const oauthStart = procedure(authContract.oauthStart).mutation(({ ctx, input }) => startOAuth(ctx, input.provider));

export const oauthLinkStart = procedure(authContract.oauthLinkStart).mutation(({ ctx, input }) =>
  startOAuth({ deps: ctx.deps, identity: ctx.tenant }, input.provider, ctx.auth.userId),
);

export const oauthCallback = procedure(authContract.oauthCallback).mutation(({ ctx, input }) => completeOAuth(ctx, input));

export const oauthLink = procedure(authContract.oauthLink).mutation(({ ctx, input }) =>
  linkWithPassword(ctx, input, (subject) => {
    // Wrong passwords land in the account's audit trail (an anonymous call's input names no user).
    ctx.call.subject = subject;
  }),
);

export const identities = procedure(authContract.identities).query(({ ctx }) => listIdentities(ctx));

export const unlinkIdentity = procedure(authContract.unlinkIdentity).mutation(async ({ ctx, input }) => {
  await unlink(ctx, input.provider);
  return { message: 'The provider is unlinked' };
});
