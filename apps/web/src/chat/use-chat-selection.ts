// The editor selection the user asked the chat about (the "Ask AI about the selection" command),
// held by the open session until a message carries it or the user removes it.
import { useSyncExternalStore } from 'react';
import type { TChatSelection } from '@coditect/api/contract';
import { useOpenSession } from '../sessions/open-session';
import { ValueSlot } from '../shell/value-slot';

const NONE = new ValueSlot<TChatSelection | null>(null);

export function useChatSelection(): { value: TChatSelection | null; clear(): void } {
  const open = useOpenSession();
  const slot = open.state === 'ready' ? open.chatSelection : NONE;
  const value = useSyncExternalStore(slot.subscribe, slot.current);
  return { value, clear: () => slot.set(null) };
}
