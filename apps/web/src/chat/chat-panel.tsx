// The session's AI chat: its conversations, or the one open (kept in the address as ?chat=<id>,
// so a reload or a shared link comes back to it). The search text outlives opening a result, so
// "All conversations" comes back to the results.
import { useState } from 'react';
import { useSearchParams } from 'wouter';
import { ZId } from '@coditect/api/contract';
import { ApplyCodeHost } from './apply/apply-code-host';
import { ConversationList } from './conversation-list';
import { ConversationView, type MessageTarget } from './conversation-view';

export const CHAT_PARAM = 'chat';

export function ChatPanel({ sessionId }: { sessionId: string }) {
  const [params, setParams] = useSearchParams();
  const requested = ZId.safeParse(params.get(CHAT_PARAM));
  const [searchText, setSearchText] = useState('');
  const [target, setTarget] = useState<(MessageTarget & { conversationId: string }) | null>(null);
  const open = (conversationId: string | null, at?: MessageTarget) => {
    setTarget(conversationId && at ? { ...at, conversationId } : null);
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (conversationId) next.set(CHAT_PARAM, conversationId);
      else next.delete(CHAT_PARAM);
      return next;
    });
  };

  return (
    <section className="chat-panel" aria-label="AI chat">
      {requested.success ? (
        <ApplyCodeHost>
          <ConversationView
            key={`${requested.data}:${target?.messageId ?? ''}`}
            sessionId={sessionId}
            conversationId={requested.data}
            target={target?.conversationId === requested.data ? target : undefined}
            onClose={() => open(null)}
          />
        </ApplyCodeHost>
      ) : (
        <ConversationList
          sessionId={sessionId}
          onOpen={open}
          searchText={searchText}
          onSearchText={setSearchText}
          onOpenResult={(result) => open(result.conversation_id, { seq: result.seq, messageId: result.message_id })}
        />
      )}
    </section>
  );
}
