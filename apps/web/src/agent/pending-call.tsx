// What a waiting task waits for: an approval (Approve / Deny, with optional feedback for the
// model) or an answer to the model's question. The keys work while focus is in the Agent panel
// (the panel's key handler, task-view.tsx), so they never reach the editor, whose Mod-Enter
// inserts a line, or the palettes, which own Escape while open.
import { useEffect, useRef, useState } from 'react';
import type { ToolItem } from './task-timeline';

export const APPROVAL_KEYS_HINT = 'Ctrl+Enter (⌘+Enter on a Mac) approves, Esc denies';

export function ApprovalRequest(props: {
  item: ToolItem;
  busy: boolean;
  feedback: string;
  onFeedbackChange(text: string): void;
  onApprove(): void;
  onDeny(): void;
}) {
  const { item, busy, feedback, onFeedbackChange, onApprove, onDeny } = props;
  const region = useRef<HTMLElement>(null);
  // Brought into reach of the keys, unless the user is working elsewhere (the editor, a terminal).
  useEffect(() => {
    const focused = document.activeElement;
    const panel = region.current?.closest('.agent-panel');
    if (!focused || focused === document.body || panel?.contains(focused)) region.current?.focus({ preventScroll: false });
  }, [item.callId]);
  const what =
    item.approval?.category === 'execute'
      ? 'run a command'
      : item.approval?.category === 'write'
        ? 'change a file'
        : 'use a tool';
  return (
    <section ref={region} className="agent-pending" aria-label="Approval needed" tabIndex={-1}>
      <p className="agent-pending-title">
        The agent wants to {what}: <code>{item.tool}</code>
      </p>
      <label htmlFor="agent-feedback" className="visually-hidden">
        Feedback for the agent
      </label>
      <input
        id="agent-feedback"
        value={feedback}
        placeholder="Feedback with a denial (optional)"
        onChange={(event) => onFeedbackChange(event.target.value)}
      />
      <div className="agent-pending-actions">
        <button type="button" className="button button-primary" disabled={busy} onClick={onApprove}>
          Approve
        </button>
        <button type="button" className="button button-danger" disabled={busy} onClick={onDeny}>
          Deny
        </button>
      </div>
      <p className="muted agent-keys">{APPROVAL_KEYS_HINT} (while focus is in this panel)</p>
    </section>
  );
}

export function QuestionRequest(props: { question: string; suggestions: string[]; busy: boolean; onAnswer(text: string): void }) {
  const { question, suggestions, busy, onAnswer } = props;
  const [answer, setAnswer] = useState('');
  return (
    <section className="agent-pending" aria-label="Question from the agent">
      <p className="agent-pending-title">{question}</p>
      {suggestions.length > 0 && (
        <div className="agent-suggestions">
          {suggestions.map((suggestion) => (
            <button key={suggestion} type="button" className="button" disabled={busy} onClick={() => onAnswer(suggestion)}>
              {suggestion}
            </button>
          ))}
        </div>
      )}
      <form
        className="agent-answer"
        onSubmit={(event) => {
          event.preventDefault();
          onAnswer(answer);
        }}
      >
        <label htmlFor="agent-answer" className="visually-hidden">
          Your answer
        </label>
        <input id="agent-answer" value={answer} placeholder="Your answer" onChange={(event) => setAnswer(event.target.value)} />
        <button type="submit" className="button button-primary" disabled={busy}>
          Answer
        </button>
      </form>
    </section>
  );
}
