// The credential source for the WebSockets' first frames (the token keeper), for the components.
import { createContext, useContext, type ReactNode } from 'react';
import type { SocketTokens } from './web-sockets';

const SocketTokensContext = createContext<SocketTokens | null>(null);

export function SocketTokensProvider({ tokens, children }: { tokens: SocketTokens; children: ReactNode }) {
  return <SocketTokensContext.Provider value={tokens}>{children}</SocketTokensContext.Provider>;
}

export function useSocketTokens(): SocketTokens {
  const tokens = useContext(SocketTokensContext);
  if (!tokens) throw new Error('useSocketTokens outside <SocketTokensProvider>');
  return tokens;
}
