// The open conversation's messages in a scroll area: older pages load when the reader nears the
// top (or asks), keeping the message in view where it was; new messages and the streaming reply
// are followed while the reader is at the bottom.
import { useLayoutEffect, useRef, useState } from 'react';
import type { TMessage } from '@coditect/api/contract';
import type { ChatTurnStatus } from './chat-turn';
import { MessageFrame, MessageItem, authorOf } from './message-item';
import { ReplyContent } from './reply-content';

/** How close to the top (px) counts as "near" for loading older messages; to the bottom, for following. */
const NEAR_TOP = 120;
const NEAR_BOTTOM = 48;
/** How long a message opened from a search result stays marked. */
const FOCUS_MARK_MS = 2500;

export interface MessageListProps {
  /** undefined while the first page loads. */
  messages: TMessage[] | undefined;
  hasOlder: boolean;
  loadingOlder: boolean;
  onLoadOlder(): void;
  turn: ChatTurnStatus;
  /** The model the live reply comes from. */
  model: string | null;
  /** Why the messages could not be read, with a way to try again. */
  loadFailure: { message: string; retry(): void } | null;
  /** A message to scroll into view and mark briefly once it has loaded. */
  focusMessageId?: string;
  /** The offset of the first loaded message (messages are dense from there). */
  firstOffset: number;
  /** Regenerate and edit, offered while no turn runs and the conversation can take messages. */
  edits: {
    regenerate(offset: number, messageId: string): void;
    edit(offset: number, messageId: string, content: string): boolean;
  } | null;
}

export function MessageList(props: MessageListProps) {
  const { messages, hasOlder, loadingOlder, onLoadOlder, turn, model, loadFailure, focusMessageId, firstOffset, edits } = props;
  const idle = turn.phase === 'idle' || turn.phase === 'failed' || turn.phase === 'stopped';
  const scroller = useRef<HTMLDivElement>(null);
  const fromBottom = useRef(0);
  const focused = useRef<string | undefined>(undefined);
  const [marked, setMarked] = useState<string | undefined>(undefined);
  const liveReply = turn.phase === 'streaming' || turn.phase === 'stopped' || turn.phase === 'failed' ? turn.reply : '';
  const firstId = messages?.[0]?.message_id;
  const lastChange = `${messages?.at(-1)?.message_id}:${turn.phase}:${liveReply.length}`;

  // Older messages came in above: keep the reader's place, measured from the bottom.
  useLayoutEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight - element.clientHeight - fromBottom.current;
  }, [firstId]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && fromBottom.current <= NEAR_BOTTOM) element.scrollTop = element.scrollHeight;
  }, [lastChange]);

  // Declared after the effects above so it wins over following the bottom; once the reader is
  // placed, fromBottom says they are away from the end and newer pages arriving leave them be.
  const focusLoaded = focusMessageId !== undefined && messages?.some((message) => message.message_id === focusMessageId);
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || !focusLoaded || focused.current === focusMessageId) return;
    const target = element.querySelector<HTMLElement>(`[data-message-id="${focusMessageId}"]`);
    if (!target) return;
    focused.current = focusMessageId;
    target.scrollIntoView({ block: 'center' });
    fromBottom.current = element.scrollHeight - element.clientHeight - element.scrollTop;
    setMarked(focusMessageId);
  }, [focusLoaded, focusMessageId, lastChange]);

  useLayoutEffect(() => {
    if (!marked) return;
    const timer = setTimeout(() => setMarked(undefined), FOCUS_MARK_MS);
    return () => clearTimeout(timer);
  }, [marked]);

  const onScroll = () => {
    const element = scroller.current;
    if (!element) return;
    fromBottom.current = element.scrollHeight - element.clientHeight - element.scrollTop;
    if (element.scrollTop < NEAR_TOP && hasOlder && !loadingOlder) onLoadOlder();
  };

  let body;
  if (messages === undefined && loadFailure) {
    body = (
      <div className="panel-note" role="alert">
        <p>{loadFailure.message}</p>
        <button type="button" className="button" onClick={loadFailure.retry}>
          Try again
        </button>
      </div>
    );
  } else if (messages === undefined) {
    body = (
      <div className="message-skeletons" aria-busy="true" aria-label="Loading messages">
        {[0, 1, 2].map((index) => (
          <div key={index} className="message-skeleton">
            <span className="skeleton skeleton-text skeleton-short" />
            <span className="skeleton skeleton-text" />
          </div>
        ))}
      </div>
    );
  } else {
    body = (
      <>
        <div className="message-history-edge">
          {hasOlder ? (
            <button type="button" className="button button-quiet" disabled={loadingOlder} onClick={onLoadOlder}>
              {loadingOlder ? 'Loading older messages…' : 'Load older messages'}
            </button>
          ) : (
            messages.length > 0 && <span className="muted">Start of the conversation</span>
          )}
        </div>
        {messages.length === 0 && turn.phase === 'idle' && (
          <div className="empty-state">
            <p className="empty-title">No messages yet</p>
            <p>Ask something below; the reply streams in as the model writes it.</p>
          </div>
        )}
        <ol className="message-list" aria-label="Messages">
          {messages.map((message, index) => {
            const offset = firstOffset + index;
            const last = index === messages.length - 1 && liveReply === '';
            const actions = edits && idle ? edits : null;
            return (
              <li
                key={message.message_id}
                data-message-id={message.message_id}
                className={message.message_id === marked ? 'message-focused' : undefined}
              >
                <MessageItem
                  message={message}
                  onRegenerate={
                    actions && last && message.role === 'Assistant' && offset > 0
                      ? () => actions.regenerate(offset, message.message_id)
                      : undefined
                  }
                  onEdit={
                    actions && message.role === 'User'
                      ? (content) => actions.edit(offset, message.message_id, content)
                      : undefined
                  }
                />
              </li>
            );
          })}
          {turn.phase === 'sending' && turn.content !== null && (
            <li>
              <MessageFrame role="User" author="You" meta={<span>Sending…</span>}>
                {turn.content}
              </MessageFrame>
            </li>
          )}
          {(turn.phase === 'streaming' || liveReply !== '') && (
            <li>
              <MessageFrame
                role="Assistant"
                author={authorOf('Assistant', model)}
                live={turn.phase === 'streaming'}
                meta={
                  turn.phase === 'streaming' ? (
                    <span role="status">Replying…</span>
                  ) : (
                    <span className="badge badge-warning">{turn.phase === 'stopped' ? 'stopped' : 'interrupted'}</span>
                  )
                }
              >
                <ReplyContent source={liveReply} />
              </MessageFrame>
            </li>
          )}
        </ol>
      </>
    );
  }

  return (
    <div
      ref={scroller}
      className="chat-scroll chat-messages"
      onScroll={onScroll}
      tabIndex={0}
      role="region"
      aria-label="Conversation"
    >
      {body}
    </div>
  );
}
