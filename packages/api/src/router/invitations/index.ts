import type { TRPCRouterRecord } from '@trpc/server';
import { procedure } from '../../procedure';
import { AppError } from '../../errors/app-error';
import { invitationsContract } from '../../contract/organisations';
import {
  acceptInvitation,
  createInvitation,
  listInvitations,
  previewInvitation,
  revokeInvitation,
} from '../../domain/organisations/invitation-service';

export const invitationsRouter = {
  create: procedure(invitationsContract.create).mutation(({ ctx, input }) => createInvitation(ctx, input)),
  list: procedure(invitationsContract.list).query(({ ctx }) => listInvitations(ctx)),
  revoke: procedure(invitationsContract.revoke).mutation(async ({ ctx, input }) => {
    await revokeInvitation(ctx, input.invitation_id);
    return { message: 'Invitation withdrawn' };
  }),
  preview: procedure(invitationsContract.preview).mutation(({ ctx, input }) => previewInvitation(ctx, input.token)),
  outbox: procedure(invitationsContract.outbox).query(({ ctx }) => {
    const { outbox } = ctx.deps.accountMail;
    if (!outbox)
      throw new AppError('NOT_FOUND', 'There is no outbox here: mails are delivered over SMTP_URL, or this is production');
    const mails = outbox(ctx.auth.tenantId).map(({ to, subject, text, sent_at }) => ({ to, subject, text, sent_at }));
    return { delivered: false as const, mails };
  }),
  accept: procedure(invitationsContract.accept).mutation(({ ctx, input }) => acceptInvitation(ctx, input.token)),
} satisfies TRPCRouterRecord;
