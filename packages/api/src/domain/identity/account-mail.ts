// What identity services need to mail users (verification and reset links) and the policy for
// accounts whose address is not verified yet. The server provides it (SMTP, or the log).

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The tenant the mail was sent for (an invitation): the development outbox shows it to that tenant's Admins. */
  tenant_id?: string;
}

/** A mail kept by the development outbox (mails not delivered because SMTP_URL is not set). */
export interface OutboxMail extends MailMessage {
  sent_at: string;
}

/** EMAIL_VERIFICATION: `optional` lets unverified accounts do everything; `required` only their own account. */
export type EmailVerificationPolicy = 'optional' | 'required';

export interface AccountMail {
  /**
   * Sends in the background: the caller never waits on the mail server, so an answer takes the
   * same time whether or not it mailed anyone (a reset must not tell whether an email has an
   * account). Failures are logged, not answered. A promise is a mail still being made after the
   * answer (undefined: nothing to send).
   */
  send(message: MailMessage | Promise<MailMessage | undefined>): void;
  /** Whether mails reach anyone (SMTP is configured), so the web app may offer mailed links. */
  delivers: boolean;
  /** Where users reach the web app: the links in mails point there. */
  publicUrl: string;
  verification: EmailVerificationPolicy;
  /**
   * In development without SMTP_URL: the latest undelivered mails sent for `tenantId`, newest
   * first. Absent where mails are delivered or in production.
   */
  outbox?(tenantId: string): OutboxMail[];
}

/** `path` (with its query) under the web app's address. */
export function appLink(mail: Pick<AccountMail, 'publicUrl'>, path: string, query: Record<string, string>): string {
  const url = new URL(path.replace(/^\//, ''), mail.publicUrl.endsWith('/') ? mail.publicUrl : `${mail.publicUrl}/`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}
