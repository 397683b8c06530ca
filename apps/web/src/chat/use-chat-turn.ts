// A ChatTurn over the typed client's llm.chat subscription (SSE), for one open conversation.
import { useEffect, useState } from 'react';
import { useLatest } from '../shell/use-latest';
import type { TMessage } from '@coditect/api/contract';
import { trpc } from '../api/trpc';
import { ChatTurn, type ChatTurnStatus } from './chat-turn';

export function useChatTurn(onRecorded: (message: TMessage) => void, onReplaced: (fromOffset: number) => void) {
  const utils = trpc.useUtils();
  const recorded = useLatest(onRecorded);
  const replaced = useLatest(onReplaced);
  const [status, setStatus] = useState<ChatTurnStatus>({ phase: 'idle' });
  const [turn] = useState(
    () =>
      new ChatTurn((input, handlers) => utils.client.llm.chat.subscribe(input, handlers), {
        onRecorded: (message) => recorded.current(message),
        onReplaced: (fromOffset) => replaced.current(fromOffset),
        onStatus: setStatus,
      }),
  );
  // Leaving the conversation mid-reply stops it (the server keeps the partial reply).
  useEffect(() => () => turn.stop(), [turn]);
  return { turn, status };
}
