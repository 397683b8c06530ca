// The session's AI chat: its conversations, or the one open (kept in the address as ?chat=<id>,
// so a reload or a shared link comes back to it).
import { useSearchParams } from 'wouter';
import { ZId } from '@coditect/api/contract';
import { ApplyCodeHost } from './apply/apply-code-host';
import { ConversationList } from './conversation-list';
import { ConversationView } from './conversation-view';

export const CHAT_PARAM = 'chat';

export function ChatPanel({ sessionId }: { sessionId: string }) {
  const [params, setParams] = useSearchParams();
  const requested = ZId.safeParse(params.get(CHAT_PARAM));
  const open = (conversationId: string | null) =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (conversationId) next.set(CHAT_PARAM, conversationId);
      else next.delete(CHAT_PARAM);
      return next;
    });

  return (
    <section className="chat-panel" aria-label="AI chat">
      {requested.success ? (
        <ApplyCodeHost>
          <ConversationView key={requested.data} conversationId={requested.data} onClose={() => open(null)} />
        </ApplyCodeHost>
      ) : (
        <ConversationList sessionId={sessionId} onOpen={open} />
      )}
    </section>
  );
}
