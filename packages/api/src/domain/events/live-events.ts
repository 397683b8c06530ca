// What the live channel publishes to: the process's event bus (in memory, the cluster primary or
// Redis — the server decides). Services publish after their transaction committed.
import type { TLiveEventType } from '../../contract/events';

export interface LiveEvent {
  tenant_id: string;
  session_id: string;
  type: TLiveEventType;
  data: Record<string, unknown>;
}

export interface LiveEvents {
  publish(event: LiveEvent): void;
  /**
   * Every event this process hears, whichever process published it (with several, they all hear
   * each other's); until the returned function is called.
   */
  observe?(listener: (event: LiveEvent) => void): () => void;
}
