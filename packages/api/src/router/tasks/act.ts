import { procedure } from '../../procedure';
import { actOnTask } from '../../domain/tasks/task-service';
import { tasksContract } from '../../contract/tasks';

export const act = procedure(tasksContract.act).mutation(({ ctx, input }) => actOnTask(ctx, input));
