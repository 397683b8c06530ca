import type { TRPCRouterRecord } from '@trpc/server';
import { procedure } from '../../procedure';
import { tenantsContract } from '../../contract/organisations';
import {
  createOrganisation as create,
  leaveOrganisation,
  listTenants,
  renameOrganisation,
} from '../../domain/organisations/tenant-service';
import { deleteOrganisation } from '../../domain/organisations/organisation-deletion';

export const tenantsRouter = {
  list: procedure(tenantsContract.list).query(({ ctx }) => listTenants(ctx)),
  createOrganisation: procedure(tenantsContract.createOrganisation).mutation(({ ctx, input }) => create(ctx, input.name)),
  rename: procedure(tenantsContract.rename).mutation(({ ctx, input }) => renameOrganisation(ctx, input.name)),
  leave: procedure(tenantsContract.leave).mutation(({ ctx }) => leaveOrganisation(ctx)),
  delete: procedure(tenantsContract.delete).mutation(({ ctx, input }) => deleteOrganisation(ctx, input.confirm)),
} satisfies TRPCRouterRecord;
