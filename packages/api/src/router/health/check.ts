import { procedure } from '../../procedure';
import { describeHealth } from '../../domain/health/health-service';
import { healthContract } from '../../contract/health';

export const check = procedure(healthContract.check).query(({ ctx }) => describeHealth(ctx));
