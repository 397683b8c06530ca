// The column beside the session: the AI chat or the Agent panel, one at a time, chosen by two
// buttons and kept in the address (?assistant=agent). The Agent panel is loaded on first use, so the
// chat and the sign-in page carry none of it.
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'wouter';
import { ChatPanel } from '../chat/chat-panel';

const AgentPanel = lazy(() => import('../agent/agent-panel'));

export const ASSISTANT_PARAM = 'assistant';

export function AssistantArea({ sessionId }: { sessionId: string }) {
  const [params, setParams] = useSearchParams();
  const agent = params.get(ASSISTANT_PARAM) === 'agent';
  const show = (which: 'chat' | 'agent') =>
    setParams((current) => {
      const next = new URLSearchParams(current);
      if (which === 'agent') next.set(ASSISTANT_PARAM, 'agent');
      else next.delete(ASSISTANT_PARAM);
      return next;
    });
  return (
    <div className="assistant-area">
      {/* Buttons, not ARIA tabs: the editor's open files are the page's tabs, found by role; a second strip with its own selected tab made "the selected tab" ambiguous. */}
      <div className="assistant-tabs" role="group" aria-label="Assistant">
        <button type="button" aria-pressed={!agent} className="assistant-tab" onClick={() => show('chat')}>
          Chat
        </button>
        <button type="button" aria-pressed={agent} className="assistant-tab" onClick={() => show('agent')}>
          Agent
        </button>
      </div>
      {agent ? (
        <Suspense fallback={<section className="agent-panel" aria-label="Agent" aria-busy="true" />}>
          <AgentPanel sessionId={sessionId} />
        </Suspense>
      ) : (
        <ChatPanel sessionId={sessionId} />
      )}
    </div>
  );
}
