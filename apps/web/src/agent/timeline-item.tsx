// One entry of a task's timeline. A tool the panel does not know (a new one on the server) shows
// its name, arguments, preview and result generically.
import { CheckpointEntry } from './checkpoint-entry';
import { DiffView } from './diff-view';
import type { TimelineItem, ToolItem } from './task-timeline';

const STATUS_LABELS: Record<ToolItem['status'], string> = {
  running: 'running',
  awaiting_approval: 'waiting for approval',
  done: 'done',
  failed: 'failed',
  denied: 'denied',
};

function tokens(usage: { prompt_tokens: number; completion_tokens: number } | null): string | null {
  return usage ? `${usage.prompt_tokens + usage.completion_tokens} tokens` : null;
}

/** The arguments as `name: value` lines when they are a JSON object, else as sent. */
function argumentLines(raw: string): string[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed).map(
        ([name, value]) => `${name}: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
      );
    }
  } catch {
    // Malformed arguments from the model are shown as they came.
  }
  return raw ? [raw] : [];
}

function looksLikeDiff(preview: string): boolean {
  return /^(---|\+\+\+|@@)/m.test(preview);
}

function ToolCall({ item }: { item: ToolItem }) {
  const args = argumentLines(item.arguments);
  const preview = item.approval?.preview ?? '';
  const isDiff = item.approval?.category === 'write' || looksLikeDiff(preview);
  return (
    <article className="timeline-item timeline-tool" data-status={item.status} aria-label={`${item.tool} call`}>
      <header className="timeline-tool-header">
        <code className="timeline-tool-name">{item.tool}</code>
        <span className={`timeline-status timeline-status-${item.status}`}>{STATUS_LABELS[item.status]}</span>
      </header>
      {args.length > 0 &&
        (preview ? (
          // What approving would do says it better; the raw arguments stay one click away.
          <details className="timeline-arguments-toggle">
            <summary>Arguments</summary>
            <pre className="timeline-arguments" aria-label="Arguments">
              {args.join('\n')}
            </pre>
          </details>
        ) : (
          <pre className="timeline-arguments" aria-label="Arguments">
            {args.join('\n')}
          </pre>
        ))}
      {preview &&
        (isDiff ? (
          <DiffView diff={preview} label="Proposed change" />
        ) : (
          <pre className="timeline-command" aria-label="Proposed command">
            {preview}
          </pre>
        ))}
      {item.decision && (
        <p className="timeline-decision">
          {item.decision.action === 'approve' ? 'Approved' : item.decision.action === 'deny' ? 'Denied' : item.decision.action}
          {item.decision.text ? `: ${item.decision.text}` : ''}
        </p>
      )}
      {item.result !== null && (
        <pre className="timeline-result" aria-label="Result">
          {item.result}
        </pre>
      )}
    </article>
  );
}

export function TimelineEntry({ item, sessionId, taskId }: { item: TimelineItem; sessionId: string; taskId: string }) {
  switch (item.kind) {
    case 'checkpoint':
      return <CheckpointEntry item={item} sessionId={sessionId} taskId={taskId} />;
    case 'started':
      return (
        <article className="timeline-item timeline-started" aria-label={item.resumed ? 'Resumed' : 'Task'}>
          {item.resumed ? (
            <p className="muted">Resumed</p>
          ) : (
            <>
              <p className="timeline-input">{item.input}</p>
              <p className="muted timeline-meta">
                {item.mode} · {item.model}
              </p>
            </>
          )}
        </article>
      );
    case 'assistant':
      return (
        <article className="timeline-item timeline-assistant" aria-label={`Step ${item.step}`}>
          <p className="muted timeline-meta">
            Step {item.step}
            {tokens(item.usage) ? ` · ${tokens(item.usage)}` : ''}
          </p>
          {item.text && <p className="timeline-text">{item.text}</p>}
        </article>
      );
    case 'tool':
      return <ToolCall item={item} />;
    case 'question':
      return (
        <article className="timeline-item timeline-question" aria-label="Question">
          <p className="timeline-text">{item.question}</p>
          {item.answer !== null && <p className="timeline-decision">You answered: {item.answer}</p>}
        </article>
      );
    case 'error':
      return (
        <article className="timeline-item timeline-error" aria-label="Error">
          <p>
            <code>{item.code}</code> {item.message}
          </p>
        </article>
      );
    case 'finished':
      return (
        <article className="timeline-item timeline-finished" data-state={item.state} aria-label={`Task ${item.state}`}>
          <p className="timeline-meta">Task {item.state}</p>
          {item.result && <p className="timeline-text">{item.result}</p>}
        </article>
      );
  }
}
