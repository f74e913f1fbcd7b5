// Outgoing mail over SMTP (nodemailer). With no SMTP_URL in local mode, mail is written to the
// console so a newcomer can follow invitation links. Mail carries no PHI: links hold opaque tokens.
import nodemailer, { type Transporter } from 'nodemailer';
import type { Logger } from 'pino';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Display name over the platform's address: a practice's neutral sender name (default "Hearth"). */
  fromName?: string;
  /** Files attached (e.g. invite.ics); as PHI-free as the text. */
  attachments?: MailAttachment[];
  /**
   * The Message-ID header, `<local@domain>`, when the sender has a durable key for the mail (a
   * reminder's ledger id): a receiver, or a test, can tell one mail sent twice from two mails.
   */
  messageId?: string;
}

export interface MailAttachment {
  filename: string;
  content: string | Buffer;
  contentType: string;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
  close(): void;
}

export function createMailer(opts: { smtpUrl: string | undefined; from: string; production: boolean; log: Logger }): Mailer {
  if (!opts.smtpUrl) {
    if (opts.production) throw new Error('SMTP_URL is required in production');
    return {
      async send(mail) {
        // Local mode only: the console is the mailbox. Never reached in production.
        const files = mail.attachments?.length ? `Attached: ${mail.attachments.map((a) => `${a.filename} (${a.contentType.split(';')[0]})`).join(', ')}\n` : '';
        process.stdout.write(`\n--- mail (no SMTP_URL set; local mode) ---\nFrom: ${mail.fromName ?? opts.from}\nTo: ${mail.to}\nSubject: ${mail.subject}\n${files}\n${mail.text}\n---\n\n`);
      },
      close() {},
    };
  }
  const transport: Transporter = nodemailer.createTransport(opts.smtpUrl, { from: opts.from });
  const address = /<([^>]+)>/.exec(opts.from)?.[1] ?? opts.from.trim();
  return {
    async send({ fromName, ...mail }) {
      await transport.sendMail({ ...mail, from: fromName ? { name: fromName, address } : opts.from });
    },
    close() {
      transport.close();
    },
  };
}
