// The development outbox across the workers of one machine (WORKERS above 1, no SMTP_URL): a worker
// hands each undelivered mail to the primary, which sends it to every worker, so an Admin finds an
// invitation's mail whichever worker answers them.
import cluster from 'node:cluster';
import type { OutboxMail } from '@coditect/api';
import { isClusterMessage, sendToEveryWorker } from '../cluster-messages';

interface OutboxMessage {
  coditect: 'mail.outbox';
  mail: OutboxMail;
}

function isOutboxMessage(message: unknown): message is OutboxMessage {
  return isClusterMessage<OutboxMessage>(message) && message.coditect === 'mail.outbox' && typeof message.mail === 'object';
}

/** How a process's outbox hears of the mails kept by the others (and its own). */
export interface OutboxSharing {
  share(mail: OutboxMail): void;
  onMail(receiver: (mail: OutboxMail) => void): void;
}

/** A worker's side: mails go up to the primary and come back, with the other workers', in one order. */
export class ClusterWorkerOutbox implements OutboxSharing {
  share(mail: OutboxMail): void {
    if (process.connected) process.send!({ coditect: 'mail.outbox', mail } satisfies OutboxMessage);
  }

  onMail(receiver: (mail: OutboxMail) => void): void {
    process.on('message', (message: unknown) => {
      if (isOutboxMessage(message)) receiver(message.mail);
    });
  }
}

/** The primary's side: every mail a worker keeps goes to every worker. */
export function relayOutboxMails(): void {
  cluster.on('message', (_worker, message: unknown) => {
    if (isOutboxMessage(message)) sendToEveryWorker(message);
  });
}
