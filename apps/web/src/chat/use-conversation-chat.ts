// Everything the open conversation needs: its messages and the chat turn, kept in step — what a
// turn records goes into the loaded pages, the counts are refreshed after it, and a turn cut
// short (stopped, connection lost) is followed by reading the newest page until the partial reply
// the server kept shows up in place of the one on screen.
import { useCallback, useEffect, useRef } from 'react';
import type { TConversation } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import type { ChatInput } from './chat-turn';
import { useChatTurn } from './use-chat-turn';
import { useMessagePages } from './use-message-pages';
import { useLatest } from '../shell/use-latest';

/** Waits between reads of the newest page after a stop: the server records the partial reply as it notices. */
const SETTLE_DELAYS_MS = [100, 250, 500, 1000, 2000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function useConversationChat(conversation: TConversation | undefined, conversationId: string, startSeq?: number) {
  const utils = trpc.useUtils();
  const pages = useMessagePages(conversationId, conversation?.message_count, startSeq);
  const { append, truncate, refreshNewest } = pages;
  const { turn, status } = useChatTurn((message) => append([message]), truncate);
  const knownCount = useLatest(pages.query.data?.pages.at(-1)?.total_count ?? 0);

  const refreshCounts = useCallback(() => {
    void utils.conversations.get.invalidate({ conversation_id: conversationId });
    void utils.conversations.list.invalidate();
  }, [utils, conversationId]);

  const phase = status.phase;
  const reply = phase === 'stopped' || phase === 'failed' ? status.reply : '';
  const failureKind = phase === 'failed' ? status.failure.kind : null;
  const previousPhase = useRef(phase);
  useEffect(() => {
    const turnEnded = previousPhase.current === 'sending' || previousPhase.current === 'streaming';
    previousPhase.current = phase;
    if (turnEnded && (phase === 'idle' || phase === 'failed')) refreshCounts();
    if (!(phase === 'stopped' || failureKind === 'connection')) return;
    // The reply on screen is kept by the server (interrupted): wait for it to show, then let it replace ours.
    let cancelled = false;
    const countAtStop = knownCount.current;
    void (async () => {
      for (const delay of reply ? SETTLE_DELAYS_MS : SETTLE_DELAYS_MS.slice(0, 1)) {
        await sleep(delay);
        if (cancelled) return;
        const count = await refreshNewest().catch(() => countAtStop);
        if (cancelled) return;
        if (!reply || count > countAtStop) {
          refreshCounts();
          if (reply) turn.replyRecorded();
          return;
        }
      }
    })();
    return () => {
      cancelled = true;
    };
    // Not `status`: it changes with every delta; what matters here is how the turn ended.
  }, [phase, failureKind, reply, refreshNewest, refreshCounts, turn, knownCount]);

  const send = useCallback((input: ChatInput) => turn.send(input), [turn]);
  return { ...pages, status, send, stop: () => turn.stop(), dismiss: () => turn.dismiss() };
}
