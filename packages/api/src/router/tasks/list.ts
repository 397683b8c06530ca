import { procedure } from '../../procedure';
import { listTasks } from '../../domain/tasks/task-service';
import { tasksContract } from '../../contract/tasks';

export const list = procedure(tasksContract.list).query(({ ctx, input }) => listTasks(ctx, input));
