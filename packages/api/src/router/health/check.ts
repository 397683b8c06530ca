import { publicProcedure } from '../../trpc';
import { describeHealth } from '../../domain/health/readiness';
import { healthContract } from '../../contract/health';

export const check = publicProcedure
  .meta(healthContract.check.meta)
  .output(healthContract.check.output)
  .query(({ ctx }) => describeHealth(ctx.deps));
