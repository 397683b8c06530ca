import { procedure } from '../../procedure';
import { taskEvents } from '../../domain/tasks/task-service';
import { tasksContract } from '../../contract/tasks';

export const events = procedure(tasksContract.events).query(({ ctx, input }) => taskEvents(ctx, input));
