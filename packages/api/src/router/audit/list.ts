import { procedure } from '../../procedure';
import { listAuditEntries } from '../../domain/audit/audit-service';
import { auditContract } from '../../contract/audit';

export const list = procedure(auditContract.list).query(({ ctx, input }) => listAuditEntries(ctx.tenant, input));
