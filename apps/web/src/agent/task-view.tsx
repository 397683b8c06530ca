// One task: its live timeline, what it waits for, its usage, and Cancel / Resume / Delete.
import { useEffect, useRef, useState } from 'react';
import type { TTaskActionRequest } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { FormAlert } from '../forms/form-alert';
import { ApprovalRequest, QuestionRequest } from './pending-call';
import { TimelineEntry } from './timeline-item';
import type { ToolItem } from './task-timeline';
import { useTaskTimeline } from './use-task-timeline';

const STATE_LABELS: Record<string, string> = {
  running: 'Running',
  waiting_approval: 'Waiting for approval',
  waiting_answer: 'Waiting for your answer',
  interrupted: 'Interrupted',
  completed: 'Completed',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

export function TaskView({ sessionId, taskId, onDeleted }: { sessionId: string; taskId: string; onDeleted(): void }) {
  const { timeline, loading, error } = useTaskTimeline(sessionId, taskId);
  const utils = trpc.useUtils();
  const act = trpc.tasks.act.useMutation({ onSettled: () => void utils.tasks.list.invalidate({ session_id: sessionId }) });
  const remove = trpc.tasks.delete.useMutation({
    onSuccess: () => {
      void utils.tasks.list.invalidate({ session_id: sessionId });
      onDeleted();
    },
  });
  const [feedback, setFeedback] = useState('');
  const list = useRef<HTMLOListElement>(null);

  const itemCount = timeline.items.length;
  useEffect(() => {
    const element = list.current?.parentElement;
    if (element) element.scrollTop = element.scrollHeight;
  }, [itemCount]);

  const { state, pending, usage } = timeline;
  const send = (action: TTaskActionRequest['action'], text?: string) => {
    act.mutate({
      session_id: sessionId,
      task_id: taskId,
      action,
      ...(pending && (action === 'approve' || action === 'deny' || action === 'answer') ? { call_id: pending.callId } : {}),
      ...(text ? { text } : {}),
    });
    if (action === 'deny' || action === 'approve') setFeedback('');
  };
  const approval =
    pending?.kind === 'approval'
      ? timeline.items.find((item): item is ToolItem => item.kind === 'tool' && item.callId === pending.callId)
      : undefined;
  const question =
    pending?.kind === 'question'
      ? timeline.items.find((item) => item.kind === 'question' && item.callId === pending.callId)
      : undefined;
  const active = state === 'running' || state === 'waiting_approval' || state === 'waiting_answer';

  return (
    <div
      className="agent-task"
      onKeyDown={(event) => {
        if (!approval || act.isPending) return;
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          send('approve');
        } else if (event.key === 'Escape') {
          event.preventDefault();
          send('deny', feedback.trim() || undefined);
        }
      }}
    >
      <div className="agent-task-bar">
        <span className="agent-task-state" role="status" data-state={state ?? 'loading'}>
          {state ? STATE_LABELS[state] : 'Loading…'}
        </span>
        {usage && (
          <span className="muted agent-usage" data-testid="task-usage">
            {usage.prompt_tokens} in · {usage.completion_tokens} out tokens
          </span>
        )}
        <span className="agent-task-actions">
          {/* Checkpoints (list, diff, restore) belong here once the operations are on main. */}
          {active && (
            <button type="button" className="button" disabled={act.isPending} onClick={() => send('cancel')}>
              Cancel
            </button>
          )}
          {state === 'interrupted' && (
            <button type="button" className="button button-primary" disabled={act.isPending} onClick={() => send('resume')}>
              Resume
            </button>
          )}
          {!active && state !== null && (
            <button
              type="button"
              className="button"
              disabled={remove.isPending}
              onClick={() => remove.mutate({ session_id: sessionId, task_id: taskId })}
            >
              Delete
            </button>
          )}
        </span>
      </div>
      {act.error && <FormAlert tone="error">{describeApiError(act.error).message}</FormAlert>}
      {remove.error && <FormAlert tone="error">{describeApiError(remove.error).message}</FormAlert>}
      {error !== null && <FormAlert tone="error">{describeApiError(error).message}</FormAlert>}
      <div className="agent-timeline" role="region" aria-label="Task timeline" aria-busy={loading || undefined}>
        <ol ref={list} className="agent-timeline-list">
          {timeline.items.map((item) => (
            <li key={item.key}>
              <TimelineEntry item={item} sessionId={sessionId} taskId={taskId} />
            </li>
          ))}
        </ol>
      </div>
      {approval && (
        <ApprovalRequest
          item={approval}
          busy={act.isPending}
          feedback={feedback}
          onFeedbackChange={setFeedback}
          onApprove={() => send('approve')}
          onDeny={() => send('deny', feedback.trim() || undefined)}
        />
      )}
      {question?.kind === 'question' && (
        <QuestionRequest
          key={question.callId}
          question={question.question}
          suggestions={question.suggestions}
          busy={act.isPending}
          onAnswer={(text) => send('answer', text)}
        />
      )}
    </div>
  );
}
