import { publicProcedure } from '../../trpc';
import { checkReadiness } from '../../domain/health/readiness';
import { healthContract } from '../../contract/health';

export const ready = publicProcedure
  .meta(healthContract.ready.meta)
  .output(healthContract.ready.output)
  .query(({ ctx }) => checkReadiness(ctx.deps));
