import { procedure } from '../../procedure';
import { switchTenant as switchTo } from '../../domain/organisations/tenant-service';
import { authContract } from '../../contract/auth';

export const switchTenant = procedure(authContract.switchTenant).mutation(({ ctx, input }) => switchTo(ctx, input.tenant_id));
