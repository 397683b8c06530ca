// The text of the mails identity services send: plain text first (what most clients show in a
// preview and what a reader without HTML gets), the same words as simple HTML.
import type { MailMessage } from './account-mail';

const PRODUCT = 'Coditect';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

function mail(to: string, subject: string, paragraphs: string[], link: { label: string; url: string }): MailMessage {
  const text = [...paragraphs.slice(0, 1), `${link.label}: ${link.url}`, ...paragraphs.slice(1)].join('\n\n');
  const html = [
    `<p>${escapeHtml(paragraphs[0]!)}</p>`,
    `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`,
    ...paragraphs.slice(1).map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`),
  ].join('\n');
  return { to, subject, text, html };
}

export function verificationMail(to: string, firstName: string, url: string, hoursValid: number): MailMessage {
  return mail(
    to,
    `Confirm your email for ${PRODUCT}`,
    [
      `Hello ${firstName}, confirm that ${to} is your address by opening this link.`,
      `The link works once, for ${hoursValid} hours. If you did not create a ${PRODUCT} account, ignore this mail.`,
    ],
    { label: 'Confirm my email', url },
  );
}

export function passwordResetMail(to: string, firstName: string, url: string, minutesValid: number): MailMessage {
  return mail(
    to,
    `Reset your ${PRODUCT} password`,
    [
      `Hello ${firstName}, someone asked to reset the password of the ${PRODUCT} account of ${to}. If it was you, choose a new one here.`,
      `The link works once, for ${minutesValid} minutes; setting a new password signs the account out everywhere. ` +
        'If you did not ask for it, ignore this mail: your password stays as it is.',
    ],
    { label: 'Choose a new password', url },
  );
}

export function invitationMail(
  to: string,
  invitation: { organisation: string; inviter: string; role: string; url: string; daysValid: number },
): MailMessage {
  return mail(
    to,
    `${invitation.inviter} invited you to ${invitation.organisation} on ${PRODUCT}`,
    [
      `${invitation.inviter} invited ${to} to join the organisation ${invitation.organisation} on ${PRODUCT} as ${invitation.role}.`,
      `The link works once, for ${invitation.daysValid} days. Sign in with this address (or create an account with it) to accept. ` +
        'If you do not know the sender, ignore this mail.',
    ],
    { label: `Join ${invitation.organisation}`, url: invitation.url },
  );
}
