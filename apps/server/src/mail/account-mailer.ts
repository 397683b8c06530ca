// The AccountMail of the API: mails go out over SMTP_URL with nodemailer, after the answer; without
// SMTP_URL they are written to the log instead (whole in development, so a local user can follow
// the link; only who and what in production, where a link in a log would be a credential). In
// development the undelivered mails sent for a tenant (invitations) are also kept in memory, the
// latest OUTBOX_SIZE, for that tenant's Admins to read (invitations.outbox) — with several workers,
// in every worker (cluster-outbox.ts).
import { createTransport, type Transporter } from 'nodemailer';
import type { AccountMail, MailMessage, OutboxMail } from '@coditect/api';
import type { Config } from '../config';
import type { Logger } from '../logger';
import type { OutboxSharing } from './cluster-outbox';

export interface AccountMailer extends AccountMail {
  /** Where users reach the web app; set once the server listens when PUBLIC_URL is not. */
  publicUrl: string;
  /** Waits for the mails under way (a closing server lets them finish). */
  settle(): Promise<void>;
  close(): void;
}

const OUTBOX_SIZE = 200;

export function createAccountMailer(
  config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'PUBLIC_URL' | 'EMAIL_VERIFICATION' | 'NODE_ENV' | 'PORT'>,
  logger: Logger,
  sharing?: OutboxSharing,
): AccountMailer {
  const transport: Transporter | undefined = config.SMTP_URL ? createTransport(config.SMTP_URL) : undefined;
  const pending = new Set<Promise<void>>();
  const outbox: OutboxMail[] | undefined = !transport && config.NODE_ENV !== 'production' ? [] : undefined;
  const keep = (mail: OutboxMail) => {
    outbox!.unshift(mail);
    outbox!.length = Math.min(outbox!.length, OUTBOX_SIZE);
  };
  if (outbox && sharing) sharing.onMail(keep);

  async function deliver(message: MailMessage): Promise<void> {
    if (transport) {
      await transport.sendMail({ from: config.MAIL_FROM, ...message });
      return;
    }
    if (config.NODE_ENV === 'production') {
      logger.warn({ to: message.to, subject: message.subject }, 'SMTP_URL is not set: this mail was not sent');
    } else {
      logger.info({ to: message.to, subject: message.subject, text: message.text }, 'SMTP_URL is not set: the mail, not sent');
      if (outbox && message.tenant_id !== undefined) {
        const mail = { ...message, sent_at: new Date().toISOString() };
        // Shared: kept when it comes back from the primary, in the order every worker keeps it.
        if (sharing) sharing.share(mail);
        else keep(mail);
      }
    }
  }

  return {
    delivers: transport !== undefined,
    publicUrl: config.PUBLIC_URL ?? `http://localhost:${config.PORT}`,
    verification: config.EMAIL_VERIFICATION,
    ...(outbox && { outbox: (tenantId: string) => outbox.filter((mail) => mail.tenant_id === tenantId) }),
    send(message) {
      const sending = Promise.resolve(message)
        .then((ready) => (ready ? deliver(ready) : undefined))
        .catch((error: unknown) => {
          logger.error({ error: (error as Error).message }, 'a mail could not be sent');
        })
        .finally(() => pending.delete(sending));
      pending.add(sending);
    },
    async settle() {
      await Promise.all([...pending]);
    },
    close() {
      transport?.close();
    },
  };
}
