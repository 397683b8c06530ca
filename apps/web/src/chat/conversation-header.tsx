// The open conversation's title, counts and summary, with summarise, rename, archive/reactivate,
// export and delete.
import { useState } from 'react';
import { CONVERSATION_LIMITS, type TConversation } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { ConfirmAction } from '../shell/confirm-action';
import { ExportConversationMenu } from './export-conversation-menu';

export function ConversationHeader(props: {
  conversation: TConversation;
  /** The model that writes a summary (the picker's); null while there is none. */
  model: string | null;
  onClose(): void;
}) {
  const { conversation, model, onClose } = props;
  const utils = trpc.useUtils();
  const [renaming, setRenaming] = useState(false);
  const id = conversation.conversation_id;
  const update = trpc.conversations.update.useMutation({
    onSuccess: (updated) => {
      utils.conversations.get.setData({ conversation_id: id }, updated);
      void utils.conversations.list.invalidate();
      setRenaming(false);
    },
  });
  const remove = trpc.conversations.delete.useMutation({
    onSuccess: () => {
      void utils.conversations.list.invalidate();
      onClose();
      utils.conversations.get.setData({ conversation_id: id }, undefined);
    },
  });
  const summarize = trpc.conversations.summarize.useMutation({
    onSuccess: (updated) => {
      utils.conversations.get.setData({ conversation_id: id }, updated);
      void utils.conversations.list.invalidate();
    },
  });
  const failure = update.error ?? remove.error ?? summarize.error;
  const archived = conversation.status === 'Archived';

  return (
    <header className="chat-header chat-header-conversation">
      <div className="chat-header-row">
        <button
          type="button"
          className="button button-quiet button-icon"
          aria-label="All conversations"
          title="All conversations"
          onClick={onClose}
        >
          ←
        </button>
        {renaming ? (
          <RenameForm
            title={conversation.title}
            pending={update.isPending}
            onCancel={() => setRenaming(false)}
            onRename={(title) => update.mutate({ conversation_id: id, title })}
          />
        ) : (
          <h2 className="chat-title" title={conversation.title}>
            {conversation.title}
          </h2>
        )}
        {archived && <span className="badge">archived</span>}
      </div>
      <div className="chat-header-row chat-header-details">
        <span className="muted" data-testid="conversation-counts">
          {conversation.message_count} {conversation.message_count === 1 ? 'message' : 'messages'} · {conversation.token_count}{' '}
          tokens
        </span>
        <span className="chat-header-actions">
          <button
            type="button"
            className="button button-quiet"
            title="Have the model write a short summary of this conversation"
            disabled={!model || summarize.isPending || conversation.message_count === 0}
            onClick={() => model && summarize.mutate({ conversation_id: id, model })}
          >
            {summarize.isPending ? 'Summarising…' : 'Summarise'}
          </button>
          <ExportConversationMenu conversation={conversation} />
          <ConfirmAction
            trigger="Delete…"
            triggerClassName="button button-quiet"
            question="Delete it and its messages?"
            groupLabel="Confirm deleting the conversation"
            action="Delete"
            busyAction="Deleting…"
            busy={remove.isPending}
            onConfirm={() => remove.mutate({ conversation_id: id })}
          >
            <button type="button" className="button button-quiet" disabled={renaming} onClick={() => setRenaming(true)}>
              Rename
            </button>
            <button
              type="button"
              className="button button-quiet"
              disabled={update.isPending}
              onClick={() => update.mutate({ conversation_id: id, status: archived ? 'Active' : 'Archived' })}
            >
              {archived ? 'Reactivate' : 'Archive'}
            </button>
          </ConfirmAction>
        </span>
      </div>
      {conversation.summary && (
        <p className="conversation-summary muted" aria-label="Summary">
          {conversation.summary}
        </p>
      )}
      {failure && (
        <p className="field-message field-error" role="alert">
          {describeApiError(failure).message}
        </p>
      )}
    </header>
  );
}

function RenameForm(props: { title: string; pending: boolean; onRename(title: string): void; onCancel(): void }) {
  const [text, setText] = useState(props.title);
  const title = text.trim();
  return (
    <form
      className="chat-rename"
      aria-label="Rename the conversation"
      onSubmit={(event) => {
        event.preventDefault();
        if (title.length > 0) props.onRename(title);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') props.onCancel();
      }}
    >
      <label htmlFor="conversation-title" className="visually-hidden">
        Conversation title
      </label>
      <input
        id="conversation-title"
        type="text"
        value={text}
        maxLength={CONVERSATION_LIMITS.titleChars}
        autoFocus
        onChange={(event) => setText(event.target.value)}
      />
      <button type="submit" className="button button-primary" disabled={props.pending || title.length === 0}>
        Save
      </button>
    </form>
  );
}
