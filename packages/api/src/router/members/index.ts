import type { TRPCRouterRecord } from '@trpc/server';
import { procedure } from '../../procedure';
import { membersContract } from '../../contract/organisations';
import {
  listMemberApiKeys,
  listMembers,
  removeMember,
  revokeMemberApiKey,
  updateMember,
} from '../../domain/organisations/member-service';

export const membersRouter = {
  list: procedure(membersContract.list).query(({ ctx }) => listMembers(ctx)),
  update: procedure(membersContract.update).mutation(({ ctx, input }) => updateMember(ctx, input)),
  remove: procedure(membersContract.remove).mutation(async ({ ctx, input }) => {
    await removeMember(ctx, input.user_id);
    return { message: 'Member removed' };
  }),
  apiKeys: procedure(membersContract.apiKeys).query(({ ctx, input }) => listMemberApiKeys(ctx, input.user_id)),
  revokeApiKey: procedure(membersContract.revokeApiKey).mutation(async ({ ctx, input }) => {
    await revokeMemberApiKey(ctx, input.user_id, input.key_id);
    return { message: 'API key revoked' };
  }),
} satisfies TRPCRouterRecord;
