// The Agent panel beside a session (loaded on first use): give a task, follow the open one's
// timeline, or go through the history. The open task is in the address (?task=<id>), so a
// reload comes back to it — a task waiting for approval survives a reload on the server too.
import { useSearchParams } from 'wouter';
import { ZId } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { chosenModel } from '../chat/model-picker';
import { useSettings } from '../settings/settings-provider';
import { TaskComposer } from './task-composer';
import { TaskHistory } from './task-history';
import { TaskView } from './task-view';

export const TASK_PARAM = 'task';
/** The provider's name recorded with a task: this server talks to one, at LLM_BASE_URL. */
const PROVIDER = 'default';

export default function AgentPanel({ sessionId }: { sessionId: string }) {
  const [params, setParams] = useSearchParams();
  const requested = ZId.safeParse(params.get(TASK_PARAM));
  const showHistory = params.get(TASK_PARAM) === 'history';
  const open = (taskId: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (taskId) next.set(TASK_PARAM, taskId);
      else next.delete(TASK_PARAM);
      return next;
    });
  const { settings, set } = useSettings();
  const models = trpc.llm.models.useQuery(undefined, { staleTime: 60_000, retry: false, refetchOnWindowFocus: false });
  const model = chosenModel(models.data?.models, settings.llm.default_model);
  const utils = trpc.useUtils();
  const create = trpc.tasks.create.useMutation({
    onSuccess: (task) => {
      void utils.tasks.list.invalidate({ session_id: sessionId });
      open(task.task_id);
    },
  });

  return (
    <section className="agent-panel" aria-label="Agent">
      <header className="chat-header agent-header">
        <h2 className="chat-title">Agent</h2>
        <div className="chat-header-actions">
          <button type="button" className="button" aria-pressed={!requested.success && !showHistory} onClick={() => open(null)}>
            New task
          </button>
          <button type="button" className="button" aria-pressed={showHistory} onClick={() => open('history')}>
            History
          </button>
        </div>
      </header>
      {requested.success ? (
        <TaskView key={requested.data} sessionId={sessionId} taskId={requested.data} onDeleted={() => open('history')} />
      ) : showHistory ? (
        <TaskHistory sessionId={sessionId} onOpen={open} />
      ) : (
        <TaskComposer
          models={models.data?.models}
          model={model}
          onModelChange={(next) => set('llm', 'default_model', next)}
          busy={create.isPending}
          error={create.error}
          onSubmit={({ input, mode, model: chosen }) =>
            create.mutate({ session_id: sessionId, input, config: { provider: PROVIDER, model: chosen, mode } })
          }
        />
      )}
    </section>
  );
}
