import { useEffect, useRef } from 'react';
import { CONVERSATION_LIMITS, ZCreateConversationRequest, type TConversation } from '@coditect/api/contract';
import { describeApiError } from '../api/api-error';
import { trpc } from '../api/trpc';
import { useSchemaForm } from '../forms/use-schema-form';

export function NewConversationForm(props: {
  sessionId: string;
  onCreated(conversation: TConversation): void;
  onCancel(): void;
}) {
  const { sessionId, onCreated, onCancel } = props;
  const utils = trpc.useUtils();
  // With more than one provider available, the conversation names the one it talks to.
  const providers = trpc.llm.providers.useQuery(undefined, { staleTime: 60_000 });
  const choices = providers.data?.providers ?? [];
  const form = useSchemaForm(ZCreateConversationRequest, { title: '', ai_provider: '' }, ({ title, ai_provider }) => ({
    workspace_session_id: sessionId,
    title,
    ...(ai_provider ? { ai_provider } : {}),
  }));
  const create = trpc.conversations.create.useMutation({
    onSuccess: (conversation) => {
      utils.conversations.get.setData({ conversation_id: conversation.conversation_id }, conversation);
      void utils.conversations.list.invalidate();
      onCreated(conversation);
    },
    onError: (error) => form.setServerErrors(describeApiError(error).fieldErrors),
  });
  const titleInput = useRef<HTMLInputElement>(null);
  useEffect(() => titleInput.current?.focus(), []);
  const failure = create.error ? describeApiError(create.error) : null;
  const message = form.errors.title ?? (failure && !failure.fieldErrors.title ? failure.message : undefined);

  return (
    <form
      className="new-conversation"
      aria-label="New conversation"
      noValidate
      onSubmit={form.onSubmit((data) => create.mutate(data))}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onCancel();
      }}
    >
      <label className="visually-hidden" htmlFor="new-conversation-title">
        Conversation title
      </label>
      <div className="new-conversation-row">
        <input
          id="new-conversation-title"
          ref={titleInput}
          type="text"
          placeholder="What is it about?"
          maxLength={CONVERSATION_LIMITS.titleChars}
          aria-invalid={form.errors.title ? true : undefined}
          aria-describedby="new-conversation-message"
          {...form.input('title')}
        />
        {choices.length > 1 && (
          <>
            <label className="visually-hidden" htmlFor="new-conversation-provider">
              Model provider
            </label>
            <select
              id="new-conversation-provider"
              value={form.values.ai_provider || (choices.find((choice) => choice.is_default)?.name ?? '')}
              onChange={(event) => form.setValue('ai_provider', event.target.value)}
            >
              {choices.map((choice) => (
                <option key={`${choice.source}:${choice.name}`} value={choice.name}>
                  {choice.name}
                </option>
              ))}
            </select>
          </>
        )}
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? 'Starting…' : 'Start'}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <p id="new-conversation-message" className="field-message field-error" role={message ? 'alert' : undefined}>
        {message ?? ''}
      </p>
    </form>
  );
}
