// One message of a conversation: who said it, when, its token count, whether the reply was cut
// short, and its actions — copy, edit and resend (the user's messages), regenerate (the last
// reply); a reply rendered as Markdown with what was sent for it, the user's own text as written.
import { useState, type ReactNode } from 'react';
import { CONVERSATION_LIMITS, type TMessage, type TMessageRole } from '@coditect/api/contract';
import { CopyButton } from './markdown/copy-button';
import { ReplyContent } from './reply-content';
import { SentContextDetails } from './sent-context-details';

const timeFormat = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' });

export interface MessageActions {
  /** Present on the last reply while no turn runs. */
  onRegenerate?: (() => void) | undefined;
  /** Present on the user's messages while no turn runs: sends the edited text in place of this message and what follows. */
  onEdit?: ((content: string) => boolean) | undefined;
}

export function MessageItem({ message, onRegenerate, onEdit }: { message: TMessage } & MessageActions) {
  const [editing, setEditing] = useState(false);
  return (
    <MessageFrame
      role={message.role}
      author={authorOf(message.role, message.model)}
      meta={
        <>
          <time dateTime={message.created_at}>{timeFormat.format(new Date(message.created_at))}</time>
          <span>
            {message.token_count} {message.token_count === 1 ? 'token' : 'tokens'}
          </span>
          {message.interrupted && (
            <span className="badge badge-warning" title="The reply was cut short; this is what the model had said">
              interrupted
            </span>
          )}
          <span className="message-actions">
            {onEdit && !editing && (
              <button type="button" className="button button-quiet button-small" onClick={() => setEditing(true)}>
                Edit
              </button>
            )}
            {onRegenerate && (
              <button
                type="button"
                className="button button-quiet button-small"
                title="Replace this reply with a new one"
                onClick={onRegenerate}
              >
                Regenerate
              </button>
            )}
            <CopyButton text={message.content} label="Copy message" />
          </span>
        </>
      }
    >
      {editing && onEdit ? (
        <MessageEditor
          initial={message.content}
          onCancel={() => setEditing(false)}
          onSend={(content) => {
            const sent = onEdit(content);
            if (sent) setEditing(false);
            return sent;
          }}
        />
      ) : message.role === 'Assistant' ? (
        <>
          <ReplyContent source={message.content} />
          {message.sent_context && <SentContextDetails context={message.sent_context} />}
        </>
      ) : (
        message.content
      )}
    </MessageFrame>
  );
}

/** The user's message in place, editable: Enter sends it again (replacing what followed), Escape cancels. */
function MessageEditor({ initial, onSend, onCancel }: { initial: string; onSend(content: string): boolean; onCancel(): void }) {
  const [text, setText] = useState(initial);
  const content = text.trim();
  const send = () => {
    if (content.length > 0) onSend(content);
  };
  return (
    <form
      className="message-editor"
      aria-label="Edit the message"
      onSubmit={(event) => {
        event.preventDefault();
        send();
      }}
    >
      <textarea
        aria-label="Edited message"
        value={text}
        rows={Math.min(8, Math.max(2, text.split('\n').length))}
        maxLength={CONVERSATION_LIMITS.messageChars}
        autoFocus
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            send();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onCancel();
          }
        }}
      />
      <p className="muted message-editor-note">Sending replaces this message and everything after it.</p>
      <div className="message-editor-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={content.length === 0}>
          Send
        </button>
      </div>
    </form>
  );
}

export function MessageFrame(props: {
  role: TMessageRole;
  author: string;
  meta: ReactNode;
  live?: boolean;
  children: ReactNode;
}) {
  const { role, author, meta, live = false, children } = props;
  return (
    <article className={`message message-${role.toLowerCase()}`} aria-label={`${author} says`} aria-busy={live || undefined}>
      <header className="message-meta">
        <span className="message-author">{author}</span>
        {meta}
      </header>
      <div className="message-content">
        {children}
        {live && <span className="message-cursor" aria-hidden="true" />}
      </div>
    </article>
  );
}

export function authorOf(role: TMessageRole, model: string | null): string {
  if (role === 'User') return 'You';
  if (role === 'System') return 'System';
  return model ?? 'Assistant';
}
