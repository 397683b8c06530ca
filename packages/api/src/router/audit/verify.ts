import { adminProcedure } from '../../trpc';
import { verifyAuditChain } from '../../domain/audit/audit-chain-verifier';
import { auditContract } from '../../contract/audit';

export const verify = adminProcedure
  .meta(auditContract.verify.meta)
  .output(auditContract.verify.output)
  .query(({ ctx }) => verifyAuditChain(ctx.deps.store, ctx.auth.tenantId));
