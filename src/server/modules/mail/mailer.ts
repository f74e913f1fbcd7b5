// Outgoing mail over SMTP (nodemailer). With no SMTP_URL in local mode, mail is written to the
// console so a newcomer can follow invitation links. Mail carries no PHI: links hold opaque tokens.
import nodemailer, { type Transporter } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
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
  const smtpUrl = opts.smtpUrl;
  const address = /<([^>]+)>/.exec(opts.from)?.[1] ?? opts.from.trim();
  const open = new Set<Transporter>();
  return {
    async send({ fromName, ...mail }) {
      // One transport per mail (nodemailer opens a connection per mail anyway), so its SMTP
      // conversation tells whether DATA was sent: nodemailer reports a connection lost at any stage
      // as ECONNECTION/ESOCKET, and after DATA the message may have been delivered.
      const stage = { data: false };
      const transport: Transporter = nodemailer.createTransport(new SMTPTransport({ url: smtpUrl, logger: stageLogger(stage), transactionLog: true }), { from: opts.from });
      open.add(transport);
      try {
        await transport.sendMail({ ...mail, from: fromName ? { name: fromName, address } : opts.from });
      } catch (err) {
        if (stage.data && err && typeof err === 'object') Object.assign(err, { afterData: true });
        throw err;
      } finally {
        open.delete(transport);
        transport.close();
      }
    },
    close() {
      for (const t of open) t.close();
    },
  };
}

/** A nodemailer logger that only notes the client sending DATA (it logs nothing: lines may hold addresses). */
function stageLogger(stage: { data: boolean }) {
  const none = () => undefined;
  const logger = {
    level: none,
    trace: none,
    info: none,
    warn: none,
    error: none,
    fatal: none,
    debug(entry: unknown, line: unknown) {
      if ((entry as { tnx?: unknown } | null)?.tnx === 'client' && typeof line === 'string' && /^DATA\b/i.test(line)) stage.data = true;
    },
    child: () => logger,
  };
  return logger;
}
