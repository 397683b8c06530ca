import { procedure } from '../../procedure';
import { listCheckpoints } from '../../domain/tasks/task-checkpoints';
import { tasksContract } from '../../contract/tasks';

export const checkpoints = procedure(tasksContract.checkpoints).query(({ ctx, input }) => listCheckpoints(ctx, input));
