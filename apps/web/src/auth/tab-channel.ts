// Tells the other tabs of this origin what happened to the shared sign-in.
export type SignOutReason = 'signed-out' | 'session-ended' | 'password-changed';

export type TabMessage =
  { type: 'rotated'; retiredFingerprint: string } | { type: 'signed-in' } | { type: 'signed-out'; reason: SignOutReason };

export interface TabChannel {
  post(message: TabMessage): void;
  subscribe(listener: (message: TabMessage) => void): () => void;
}

export const TAB_CHANNEL_NAME = 'coditect.auth';

export function broadcastTabChannel(name = TAB_CHANNEL_NAME): TabChannel {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, subscribe: () => () => {} };
  const channel = new BroadcastChannel(name);
  return {
    post(message) {
      channel.postMessage(message);
    },
    subscribe(listener) {
      const onMessage = (event: MessageEvent<TabMessage>) => listener(event.data);
      channel.addEventListener('message', onMessage);
      return () => channel.removeEventListener('message', onMessage);
    },
  };
}
