import { procedure } from '../../procedure';
import { deleteTask } from '../../domain/tasks/task-service';
import { tasksContract } from '../../contract/tasks';

export const remove = procedure(tasksContract.delete).mutation(({ ctx, input }) => deleteTask(ctx, input));
