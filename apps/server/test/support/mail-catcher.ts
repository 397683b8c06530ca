// A real SMTP server in the test process (smtp-server, the peer nodemailer speaks to): it accepts
// every mail on a loopback port and keeps it parsed (mailparser), so tests read the links the
// server mailed. `SMTP_URL: catcher.url` points a server at it.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

export interface MailCatcher {
  url: string;
  mails: CaughtMail[];
  /** The first mail to `to` (whose subject matches) that arrives, waiting up to `timeoutMs`. */
  next(to: string, subject?: RegExp, timeoutMs?: number): Promise<CaughtMail>;
  /** Waits `ms`, then the mails `to` received (to show that none came). */
  settledFor(to: string, ms?: number): Promise<CaughtMail[]>;
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const mails: CaughtMail[] = [];
  const taken = new Set<CaughtMail>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          mails.push({
            from: parsed.from?.text ?? '',
            to: session.envelope.rcptTo.map((recipient) => recipient.address.toLowerCase()),
            subject: parsed.subject ?? '',
            text: parsed.text ?? '',
            html: typeof parsed.html === 'string' ? parsed.html : '',
          });
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  const to = (address: string) => (mail: CaughtMail) => mail.to.includes(address.toLowerCase());

  return {
    url: `smtp://127.0.0.1:${port}`,
    mails,
    async next(address, subject, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = mails.find((mail) => !taken.has(mail) && to(address)(mail) && (!subject || subject.test(mail.subject)));
        if (found) {
          taken.add(found);
          return found;
        }
        if (Date.now() > deadline) throw new Error(`no mail to ${address}${subject ? ` matching ${subject}` : ''} arrived`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async settledFor(address, ms = 300) {
      await new Promise((resolve) => setTimeout(resolve, ms));
      return mails.filter(to(address));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The link to `path` in a mail's text, and its `token` query parameter. */
export function linkIn(mail: CaughtMail, path: string): { url: URL; token: string } {
  const match = mail.text
    .match(/https?:\/\/\S+/g)
    ?.map((text) => new URL(text))
    .find((url) => url.pathname === path);
  if (!match) throw new Error(`no ${path} link in the mail "${mail.subject}": ${mail.text}`);
  return { url: match, token: match.searchParams.get('token') ?? '' };
}
