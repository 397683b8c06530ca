// One message of a conversation: who said it, when, its token count, whether the reply was cut
// short, and a copy button; a reply rendered as Markdown, the user's own text as written.
import type { ReactNode } from 'react';
import type { TMessage, TMessageRole } from '@coditect/api/contract';
import { CopyButton } from './markdown/copy-button';
import { ReplyContent } from './reply-content';

const timeFormat = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit' });

export function MessageItem({ message }: { message: TMessage }) {
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
            <CopyButton text={message.content} label="Copy message" />
          </span>
        </>
      }
    >
      {message.role === 'Assistant' ? <ReplyContent source={message.content} /> : message.content}
    </MessageFrame>
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
