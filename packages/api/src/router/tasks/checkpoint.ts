import { procedure } from '../../procedure';
import { checkpointDiff } from '../../domain/tasks/task-checkpoints';
import { tasksContract } from '../../contract/tasks';

export const checkpoint = procedure(tasksContract.checkpoint).query(({ ctx, input }) => checkpointDiff(ctx, input));
