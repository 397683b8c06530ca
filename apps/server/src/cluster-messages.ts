// What the cluster primary and its workers send each other over node:cluster's IPC: objects tagged
// with a `coditect` kind (live events, presence, the development outbox), told apart from Node's own.
import cluster from 'node:cluster';

/** Whether an IPC message is one of ours (a `coditect` kind); which kinds is the receiver's check. */
export function isClusterMessage<T extends { coditect: string }>(message: unknown): message is T {
  return typeof message === 'object' && message !== null && typeof (message as { coditect?: unknown }).coditect === 'string';
}

/** From the primary: `message` to every worker still connected. */
export function sendToEveryWorker(message: { coditect: string }): void {
  for (const worker of Object.values(cluster.workers ?? {})) {
    if (worker?.isConnected()) worker.send(message);
  }
}
