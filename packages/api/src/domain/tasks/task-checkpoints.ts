// A task's checkpoints: before each write or command the runner commits the workspace to the
// session's checkpoint repository (the workspace library's shadow git) and records it here,
//   ['task_checkpoint', task, created ms, call id] → TCheckpoint
// so the user can see what changed since and put the files back. Restoring needs every task of
// the session to be still (none running): a restore under a running command would race it.
import { isWorkspaceError, type WorkspaceCheckpoints } from '@coditect/workspace';
import type {
  TCheckpoint,
  TCheckpointDiff,
  TCheckpointList,
  TCheckpointRequest,
  TCheckpointRestored,
  TTaskRequest,
} from '../../contract/tasks';
import { AppError } from '../../errors/app-error';
import type { ScopedTransaction } from '@coditect/store';
import type { TenantTransaction } from '../../storage/tenant-scope';
import type { FilesContext } from '../files/session-files';
import { workspaceRef } from '../files/workspaces';
import { requireOwned } from '../sessions/owned-session';
import type { TasksContext } from './task-service';
import { taskRepository, type TaskRecord } from './task-repository';

const MAX_PATCH_BYTES = 512 * 1024;

export const checkpointRepository = {
  add(tx: ScopedTransaction, checkpoint: TCheckpoint): void {
    tx.set(['task_checkpoint', checkpoint.task_id, Date.parse(checkpoint.created_at), checkpoint.call_id], checkpoint);
  },

  async list(tx: ScopedTransaction, taskId: string): Promise<TCheckpoint[]> {
    return (await tx.getRange<TCheckpoint>(['task_checkpoint', taskId])).map((entry) => entry.value);
  },

  removeAll(tx: ScopedTransaction, taskId: string): void {
    tx.clearPrefix(['task_checkpoint', taskId]);
  },
};

type CheckpointContext = TasksContext & FilesContext;

async function requireTask(tx: TenantTransaction, context: CheckpointContext, input: TTaskRequest): Promise<TaskRecord> {
  await requireOwned(tx, context.auth, input.session_id);
  const task = await taskRepository.get(tx, input.session_id, input.task_id);
  if (!task) throw new AppError('TASK_NOT_FOUND', `Task not found: ${input.task_id}`);
  return task;
}

async function requireCheckpoint(tx: TenantTransaction, context: CheckpointContext, input: TCheckpointRequest) {
  const task = await requireTask(tx, context, input);
  const checkpoint = (await checkpointRepository.list(tx, task.task_id)).find(
    (entry) => entry.checkpoint_id === input.checkpoint_id,
  );
  if (!checkpoint) throw new AppError('CHECKPOINT_NOT_FOUND', `No checkpoint ${input.checkpoint_id} in this task`);
  return { task, checkpoint };
}

/**
 * The session's checkpoints. The workspace library's NOT_FOUND means the tree or the commit is gone
 * (the tree was removed and made again), BUSY that another change holds the workspace; anything
 * else (git failing) is an internal error, logged with its cause.
 */
async function inCheckpoints<T>(
  context: CheckpointContext,
  input: TCheckpointRequest,
  work: (checkpoints: WorkspaceCheckpoints) => Promise<T>,
): Promise<T> {
  const files = context.deps.workspaces.root.files(workspaceRef(context.auth.tenantId, input.session_id));
  try {
    return await work(files.checkpoints());
  } catch (error) {
    if (isWorkspaceError(error, 'NOT_FOUND')) {
      throw new AppError('CHECKPOINT_NOT_FOUND', `Checkpoint ${input.checkpoint_id} is no longer in the session's workspace`);
    }
    if (isWorkspaceError(error, 'BUSY')) throw new AppError('SERVICE_UNAVAILABLE', 'The workspace is busy; try again shortly');
    throw error;
  }
}

export async function listCheckpoints(context: CheckpointContext, input: TTaskRequest): Promise<TCheckpointList> {
  return context.tenant.transact(async (tx) => {
    const task = await requireTask(tx, context, input);
    return { checkpoints: await checkpointRepository.list(tx, task.task_id) };
  });
}

export async function checkpointDiff(context: CheckpointContext, input: TCheckpointRequest): Promise<TCheckpointDiff> {
  const { checkpoint } = await context.tenant.transact((tx) => requireCheckpoint(tx, context, input));
  const diff = await inCheckpoints(context, input, (checkpoints) =>
    checkpoints.diff(checkpoint.checkpoint_id, { maxPatchBytes: MAX_PATCH_BYTES }),
  );
  return { checkpoint, ...diff };
}

export async function restoreCheckpoint(context: CheckpointContext, input: TCheckpointRequest): Promise<TCheckpointRestored> {
  const { checkpoint } = await context.tenant.transact(async (tx) => {
    const found = await requireCheckpoint(tx, context, input);
    if ((await taskRepository.activeInSession(tx, input.session_id)).some((task) => task.state === 'running')) {
      throw new AppError('CONFLICT', 'A task is running in this session; cancel it or wait until it stops first');
    }
    return found;
  });
  const restored = await inCheckpoints(context, input, (checkpoints) => checkpoints.restore(checkpoint.checkpoint_id));
  return { checkpoint, files: restored };
}
