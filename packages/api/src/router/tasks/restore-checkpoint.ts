import { procedure } from '../../procedure';
import { restoreCheckpoint as restore } from '../../domain/tasks/task-checkpoints';
import { tasksContract } from '../../contract/tasks';

export const restoreCheckpoint = procedure(tasksContract.restoreCheckpoint).mutation(({ ctx, input }) => restore(ctx, input));
