import { procedure } from '../../procedure';
import { checkReadiness } from '../../domain/health/health-service';
import { healthContract } from '../../contract/health';

export const ready = procedure(healthContract.ready).query(({ ctx }) => checkReadiness(ctx));
