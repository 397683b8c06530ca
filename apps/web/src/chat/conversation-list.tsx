// The session's conversations, newest first, a page at a time, with a form to start one, Import,
// and the search box (its results take the list's place while it holds text).
import { useChatSelection } from './use-chat-selection';
import { useState } from 'react';
import type { TConversation, TMessageSearchResult } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { formatRelativeTime } from '../format/relative-time';
import { ImportConversationButton } from './import-conversation-button';
import { MessageSearchBox } from './message-search-box';
import { MessageSearchResults } from './message-search-results';
import { NewConversationForm } from './new-conversation-form';
import { useConversationPages } from './use-conversation-pages';

export interface ConversationListProps {
  sessionId: string;
  onOpen(conversationId: string): void;
  searchText: string;
  onSearchText(text: string): void;
  onOpenResult(result: TMessageSearchResult): void;
}

export function ConversationList({ sessionId, onOpen, searchText, onSearchText, onOpenResult }: ConversationListProps) {
  const conversations = useConversationPages(sessionId);
  const [creating, setCreating] = useState(false);
  const selection = useChatSelection();
  const all = conversations.data?.pages.flatMap((page) => page.conversations);

  let body;
  if (searchText.trim() !== '') {
    body = <MessageSearchResults text={searchText} onOpen={onOpenResult} />;
  } else if (conversations.error) {
    body = (
      <div className="panel-note" role="alert">
        <p>{describeApiError(conversations.error).message}</p>
        <button type="button" className="button" onClick={() => void conversations.refetch()}>
          Try again
        </button>
      </div>
    );
  } else if (!all) {
    body = (
      <ul className="conversation-list" aria-busy="true" aria-label="Loading conversations">
        {[0, 1, 2].map((index) => (
          <li key={index} className="conversation-row conversation-row-skeleton">
            <span className="skeleton skeleton-text" />
            <span className="skeleton skeleton-text skeleton-short" />
          </li>
        ))}
      </ul>
    );
  } else if (all.length === 0) {
    body = (
      <div className="empty-state">
        <p className="empty-title">No conversations yet</p>
        <p>Start one to ask the model about this session’s code. Its replies are kept with the session.</p>
      </div>
    );
  } else {
    body = (
      <>
        <ul className="conversation-list" aria-label="Conversations">
          {all.map((conversation) => (
            <li key={conversation.conversation_id}>
              <ConversationRow conversation={conversation} onOpen={onOpen} />
            </li>
          ))}
        </ul>
        {conversations.hasNextPage && (
          <button
            type="button"
            className="button button-quiet button-wide"
            disabled={conversations.isFetchingNextPage}
            onClick={() => void conversations.fetchNextPage()}
          >
            {conversations.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </button>
        )}
      </>
    );
  }

  return (
    <>
      <header className="chat-header">
        <h2 className="chat-title">AI chat</h2>
        <ImportConversationButton sessionId={sessionId} onImported={(conversation) => onOpen(conversation.conversation_id)} />
        <button type="button" className="button" aria-expanded={creating} onClick={() => setCreating((open) => !open)}>
          New conversation
        </button>
      </header>
      <MessageSearchBox value={searchText} onChange={onSearchText} />
      {selection.value && (
        <p className="panel-note" role="status">
          Open or start a conversation to ask about {selection.value.path}, line
          {selection.value.start_line === selection.value.end_line
            ? ` ${selection.value.start_line}`
            : `s ${selection.value.start_line}–${selection.value.end_line}`}
          .
        </p>
      )}
      {creating && (
        <NewConversationForm
          sessionId={sessionId}
          onCancel={() => setCreating(false)}
          onCreated={(conversation) => {
            setCreating(false);
            onOpen(conversation.conversation_id);
          }}
        />
      )}
      <div className="chat-scroll">{body}</div>
    </>
  );
}

function ConversationRow({ conversation, onOpen }: { conversation: TConversation; onOpen(id: string): void }) {
  return (
    <button type="button" className="conversation-row" onClick={() => onOpen(conversation.conversation_id)}>
      <span className="conversation-name">
        {conversation.title}
        {conversation.status === 'Archived' && <span className="badge">archived</span>}
      </span>
      {conversation.summary && <span className="conversation-summary muted">{conversation.summary}</span>}
      <span className="conversation-meta">
        {conversation.message_count} {conversation.message_count === 1 ? 'message' : 'messages'} · {conversation.token_count}{' '}
        tokens · <time dateTime={conversation.updated_at}>{formatRelativeTime(conversation.updated_at)}</time>
      </span>
    </button>
  );
}
