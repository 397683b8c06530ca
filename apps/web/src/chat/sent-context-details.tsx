// What a reply was written from: the files, selection and history the server sent the model with
// the turn (the reply's sent_context), folded under the reply until the reader opens it.
import type { TSentContext } from '@coditect/api/contract';

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

export function SentContextDetails({ context }: { context: TSentContext }) {
  const { files, left_out: leftOut, mentions, selection, history_messages: history, system_tokens: tokens } = context;
  const parts = [count(files.length, 'file', 'files'), count(history, 'earlier message', 'earlier messages')];
  if (selection) parts.unshift('a selection');
  return (
    <details className="sent-context">
      <summary>
        Sent with this turn: {parts.join(', ')} · {count(tokens, 'token', 'tokens')} of context
      </summary>
      <ul>
        {selection && (
          <li>
            Selection: {selection.path}{' '}
            {selection.start_line === selection.end_line
              ? `line ${selection.start_line}`
              : `lines ${selection.start_line}–${selection.end_line}`}
          </li>
        )}
        {files.map((path) => (
          <li key={path}>
            <code>{path}</code>
            {mentions.includes(path) && <span className="muted"> (mentioned)</span>}
          </li>
        ))}
        {leftOut.map((file) => (
          <li key={`left-out:${file.path}`} className="muted">
            Not sent: <code>{file.path}</code> ({file.reason})
          </li>
        ))}
        {files.length === 0 && leftOut.length === 0 && !selection && (
          <li className="muted">No files: the session’s name and memory only.</li>
        )}
      </ul>
    </details>
  );
}
