// The tab's live channel for every part of the signed-in IDE: started with it, stopped on sign-out,
// and nudged to reconnect at once when the network comes back or the tab is shown again.
import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';
import { useSocketTokens } from '../api/socket-tokens';
import { LiveChannel, type LiveChannelState } from './live-channel';

const LiveChannelContext = createContext<LiveChannel | null>(null);

export function LiveChannelProvider({ children }: { children: ReactNode }) {
  const tokens = useSocketTokens();
  const [channel] = useState(() => new LiveChannel({ tokens }));
  useEffect(() => {
    channel.start();
    const retry = () => {
      if (document.visibilityState === 'visible') channel.retryNow();
    };
    window.addEventListener('online', retry);
    document.addEventListener('visibilitychange', retry);
    return () => {
      window.removeEventListener('online', retry);
      document.removeEventListener('visibilitychange', retry);
      channel.stop();
    };
  }, [channel]);
  return <LiveChannelContext.Provider value={channel}>{children}</LiveChannelContext.Provider>;
}

export function useLiveChannel(): LiveChannel {
  const channel = useContext(LiveChannelContext);
  if (!channel) throw new Error('useLiveChannel outside <LiveChannelProvider>');
  return channel;
}

export function useLiveChannelState(): LiveChannelState {
  const channel = useLiveChannel();
  return useSyncExternalStore(channel.subscribeState, channel.state);
}
