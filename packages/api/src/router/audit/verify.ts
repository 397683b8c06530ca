import { procedure } from '../../procedure';
import { verifyAuditChain } from '../../domain/audit/audit-chain-verifier';
import { auditContract } from '../../contract/audit';

export const verify = procedure(auditContract.verify).query(({ ctx }) => verifyAuditChain(ctx.tenant, ctx.deps.auditSeal));
