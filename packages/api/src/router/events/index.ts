import type { TRPCRouterRecord } from '@trpc/server';
import { procedure } from '../../procedure';
import { eventsContract } from '../../contract/events';
import { requireAccessible } from '../../domain/sessions/owned-session';
import { fullName, userRepository } from '../../domain/identity/user-repository';

export const eventsRouter = {
  connect: procedure(eventsContract.connect).query(async ({ ctx }) => {
    const user = await ctx.tenant.transact((tx) => userRepository.get(tx.identity, ctx.auth.userId));
    return { user_id: ctx.auth.userId, tenant_id: ctx.auth.tenantId, full_name: user ? fullName(user) : ctx.auth.email };
  }),
  subscribe: procedure(eventsContract.subscribe).query(async ({ ctx, input }) => {
    const session = await ctx.tenant.transact((tx) => requireAccessible(tx, ctx.auth, input.session_id, 'read'));
    return { session_id: session.session_id, version: session.version };
  }),
} satisfies TRPCRouterRecord;
