// What the tasks domain needs from the process: something that runs tasks (the server's
// TaskRunner) and the limits it was configured with. Requests only start and stop runs; the runs'
// own failures end up in the task (its state and events), never in the request that started it.
import type { TaskRef } from './task-changes';

export interface TaskLimits {
  /** Model turns per task. */
  maxSteps: number;
  /** Prompt plus completion tokens per task. */
  maxTokens: number;
  /** Wall time of one run (from a start or a resume to a wait or an end). */
  maxSeconds: number;
  /** Tasks not ended (running, waiting or interrupted) per user and per tenant. */
  maxActivePerUser: number;
  maxActivePerTenant: number;
}

export interface TaskRuns {
  readonly limits: TaskLimits;
  /** Runs the task (its state must be `running`) unless a run of it is already under way. */
  start(ref: TaskRef): void;
  /** Stops the task's run (cancel, delete); its state is the caller's to set. */
  stop(taskId: string): void;
}
