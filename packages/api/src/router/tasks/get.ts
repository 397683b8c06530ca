import { procedure } from '../../procedure';
import { getTask } from '../../domain/tasks/task-service';
import { tasksContract } from '../../contract/tasks';

export const get = procedure(tasksContract.get).query(({ ctx, input }) => getTask(ctx, input));
