import { procedure } from '../../procedure';
import { usageToday } from '../../domain/usage/token-budget';
import { usersContract } from '../../contract/users';

export const usage = procedure(usersContract.usage).query(({ ctx }) =>
  usageToday(ctx.tenant, ctx.deps.tokenBudgets, ctx.auth.userId, ctx.deps.now()),
);
