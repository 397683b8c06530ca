// One conversation: header, model picker, what went wrong with the provider (if anything), the
// messages with the reply streaming in, and the composer.
import { apiErrorCode, describeApiError } from '../api/api-error';
import { skipToken } from '@tanstack/react-query';
import { trpc } from '../api/trpc';
import { useSettings } from '../settings/settings-provider';
import { ChatComposer } from './chat-composer';
import { ConversationHeader } from './conversation-header';
import { MessageList } from './message-list';
import { ModelPicker, chosenModel } from './model-picker';
import { ProviderBanner, providerProblem } from './provider-banner';
import { useConversationChat } from './use-conversation-chat';
import { useChatSelection } from './use-chat-selection';
import { useFilesSource } from '../workspace/workspace-files-source';

/** A message to open the conversation at (a search result): its offset and id. */
export interface MessageTarget {
  seq: number;
  messageId: string;
}

export function ConversationView({
  sessionId,
  conversationId,
  target,
  onClose,
}: {
  sessionId: string;
  conversationId: string;
  target?: MessageTarget;
  onClose(): void;
}) {
  const files = useFilesSource().forSession(sessionId);
  const selection = useChatSelection();
  const conversation = trpc.conversations.get.useQuery({ conversation_id: conversationId });
  const provider = conversation.data?.ai_provider;
  const models = trpc.llm.models.useQuery(provider === undefined ? skipToken : { provider }, {
    staleTime: 60_000,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const { settings, set } = useSettings();
  const chat = useConversationChat(conversation.data, conversationId, target?.seq);
  const model = chosenModel(models.data?.models, settings.llm.default_model);

  if (conversation.error) {
    const gone = apiErrorCode(conversation.error) === 'CONVERSATION_NOT_FOUND';
    return (
      <div className="chat-missing">
        <p className="empty-title">{gone ? 'This conversation no longer exists' : 'Cannot open this conversation'}</p>
        <p className="muted">
          {gone ? 'It may have been deleted in another tab.' : describeApiError(conversation.error).message}
        </p>
        <button type="button" className="button" onClick={onClose}>
          All conversations
        </button>
      </div>
    );
  }

  const turnOptions = (chosen: string) => ({
    conversation_id: conversationId,
    model: chosen,
    temperature: settings.llm.temperature,
    max_tokens: settings.llm.max_tokens,
  });
  const status = chat.status;
  const archived = conversation.data?.status === 'Archived';
  const turnFailure = status.phase === 'failed' ? status.failure : null;
  let blockedReason: string | null = null;
  if (archived) blockedReason = 'This conversation is archived: reactivate it to continue';
  else if (models.error) blockedReason = 'No model to answer: the provider is unreachable';
  else if (!model) blockedReason = models.isPending ? 'Loading the models…' : 'The provider offers no model';

  let banner = null;
  if (models.error) {
    banner = (
      <ProviderBanner
        title="The model provider is unavailable."
        message={providerProblem(models.error)}
        onRetry={() => void models.refetch()}
      />
    );
  } else if (turnFailure?.kind === 'provider') {
    banner = (
      <ProviderBanner
        title={turnFailure.code === 'SERVICE_UNAVAILABLE' ? 'The model provider is unavailable.' : 'The reply failed.'}
        message={`${turnFailure.message}${chat.messages?.at(-1)?.interrupted ? ' The reply so far was kept.' : ''}`}
        onDismiss={chat.dismiss}
      />
    );
  } else if (turnFailure) {
    banner = (
      <ProviderBanner
        title={turnFailure.kind === 'refused' ? 'Not sent.' : 'Interrupted.'}
        message={turnFailure.message}
        onDismiss={chat.dismiss}
      />
    );
  }

  return (
    <>
      {conversation.data ? (
        <ConversationHeader conversation={conversation.data} model={model} onClose={onClose} />
      ) : (
        // The loaded header's two rows, so nothing below moves when it arrives.
        <header className="chat-header chat-header-conversation" aria-busy="true">
          <div className="chat-header-row">
            <span className="skeleton skeleton-text" />
          </div>
          <div className="chat-header-row chat-header-details">
            <span className="skeleton skeleton-text skeleton-short" />
          </div>
        </header>
      )}
      <div className="chat-toolbar">
        <ModelPicker
          models={models.data?.models}
          value={model}
          loading={models.isPending}
          onChange={(id) => set('llm', 'default_model', id)}
        />
      </div>
      {banner}
      <MessageList
        messages={chat.messages}
        hasOlder={chat.query.hasPreviousPage}
        loadingOlder={chat.query.isFetchingPreviousPage}
        onLoadOlder={() => void chat.query.fetchPreviousPage()}
        turn={status}
        model={model}
        focusMessageId={target?.messageId}
        firstOffset={chat.firstOffset}
        edits={
          model && blockedReason === null
            ? {
                regenerate: (offset, messageId) => {
                  chat.dismiss();
                  chat.send({ ...turnOptions(model), replace_from: { offset, message_id: messageId } });
                },
                edit: (offset, messageId, content) => {
                  chat.dismiss();
                  return chat.send({ ...turnOptions(model), content, replace_from: { offset, message_id: messageId } });
                },
              }
            : null
        }
        loadFailure={
          chat.query.error
            ? { message: describeApiError(chat.query.error).message, retry: () => void chat.query.refetch() }
            : null
        }
      />
      <ChatComposer
        findFiles={(query) => files.find(query)}
        selection={selection.value}
        onClearSelection={selection.clear}
        running={status.phase === 'sending' || status.phase === 'streaming'}
        blockedReason={blockedReason}
        unsentBy={turnFailure}
        onStop={chat.stop}
        onSend={(content, mentions) => {
          if (!model) return false;
          chat.dismiss();
          const sent = chat.send({
            ...turnOptions(model),
            content,
            ...(mentions.length > 0 ? { mentions } : {}),
            ...(selection.value ? { selection: selection.value } : {}),
          });
          if (sent) selection.clear();
          return sent;
        }}
      />
    </>
  );
}
