import { adminProcedure } from '../../trpc';
import { listAuditEntries } from '../../domain/audit/audit-log';
import { auditContract } from '../../contract/audit';

export const list = adminProcedure
  .meta(auditContract.list.meta)
  .input(auditContract.list.input)
  .output(auditContract.list.output)
  .query(({ ctx, input }) => listAuditEntries(ctx.tenant, input));
