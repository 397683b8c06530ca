import { procedure } from '../../procedure';
import { createTask } from '../../domain/tasks/task-service';
import { tasksContract } from '../../contract/tasks';

export const create = procedure(tasksContract.create).mutation(({ ctx, input }) => createTask(ctx, input));
