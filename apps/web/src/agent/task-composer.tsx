// Where a task is given: its text, the mode (the contract's modes) and the model (the provider's
// models). Nothing is checked here beyond what the browser must: the server's own message says
// what is wrong with an empty or over-long task.
import { useState } from 'react';
import { ZTaskMode, type TListModelsResponse } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { FormAlert } from '../forms/form-alert';

type TaskMode = (typeof ZTaskMode.options)[number];

const MODE_HINTS: Record<TaskMode, string> = {
  code: 'reads and writes files',
  architect: 'plans and writes',
  ask: 'reads only, answers questions',
  debug: 'finds and fixes a fault',
};

export interface TaskComposerProps {
  models: TListModelsResponse['models'] | undefined;
  model: string | null;
  onModelChange(model: string): void;
  busy: boolean;
  error: unknown;
  onSubmit(task: { input: string; mode: TaskMode; model: string }): void;
}

export function TaskComposer({ models, model, onModelChange, busy, error, onSubmit }: TaskComposerProps) {
  const [input, setInput] = useState('');
  const [mode, setMode] = useState<TaskMode>('code');
  const failure = error ? describeApiError(error) : null;
  const inputError = failure?.fieldErrors.input;
  const submit = () => {
    if (!busy && model) onSubmit({ input, mode, model });
  };
  return (
    <form
      className="agent-composer"
      aria-label="New task"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label htmlFor="agent-task-input" className="visually-hidden">
        Task
      </label>
      <textarea
        id="agent-task-input"
        rows={3}
        value={input}
        placeholder="Describe the task (Ctrl+Enter starts it)"
        aria-invalid={inputError ? true : undefined}
        aria-describedby={inputError ? 'agent-task-input-error' : undefined}
        onChange={(event) => setInput(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
            event.preventDefault();
            submit();
          }
        }}
      />
      {inputError && (
        <p id="agent-task-input-error" className="field-error">
          {inputError}
        </p>
      )}
      {failure && !inputError && <FormAlert tone="error">{failure.message}</FormAlert>}
      <div className="agent-composer-row">
        <label htmlFor="agent-mode">Mode</label>
        <select id="agent-mode" value={mode} onChange={(event) => setMode(event.target.value as TaskMode)}>
          {ZTaskMode.options.map((option) => (
            <option key={option} value={option} title={MODE_HINTS[option]}>
              {option}
            </option>
          ))}
        </select>
        <label htmlFor="agent-model">Model</label>
        <select
          id="agent-model"
          value={model ?? ''}
          disabled={!models || models.length === 0}
          onChange={(event) => onModelChange(event.target.value)}
        >
          {model === null && <option value="">{models ? 'No model available' : 'Loading models…'}</option>}
          {models?.map((option) => (
            <option key={option.id} value={option.id}>
              {option.id}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-primary" disabled={busy || !model}>
          {busy ? 'Starting…' : 'Start task'}
        </button>
      </div>
    </form>
  );
}
