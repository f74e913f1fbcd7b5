// Outgoing mail over SMTP (nodemailer). With no SMTP_URL in local mode, mail is written to the
// console so a newcomer can follow invitation links. Mail carries no PHI: links hold opaque tokens.
import type { Logger } from 'pino';

// nodemailer is loaded with the first send or relay check, not at start-up.
const importSmtp = () => Promise.all([import('nodemailer'), import('nodemailer/lib/smtp-transport/index.js')]);
let smtpLib: ReturnType<typeof importSmtp> | undefined;
const loadSmtp = () => (smtpLib ??= importSmtp());

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

/** What a failed SMTP send also says: whether the DATA command had been issued. */
export interface MailError extends Error {
  dataIssued?: boolean;
}

/**
 * A nodemailer logger that keeps nothing: it only notes when the client issues DATA. (With
 * `transactionLog` nodemailer reports each command and reply; never the message itself.)
 */
class TranscriptWatch {
  dataIssued = false;
  readonly level = noop;
  readonly trace = noop;
  readonly info = noop;
  readonly warn = noop;
  readonly error = noop;
  readonly fatal = noop;
  readonly debug = (entry: { tnx?: string } | undefined, message: unknown): void => {
    if (entry?.tnx === 'client' && typeof message === 'string' && /^(DATA|BDAT)\b/i.test(message)) this.dataIssued = true;
  };
}
const noop = (): void => undefined;

export interface Mailer {
  send(mail: Mail): Promise<void>;
  /** Connects to the relay and says hello without sending (the status probe); absent: no relay. */
  verify?(): Promise<void>;
  close(): void;
}

export function createMailer(opts: { smtpUrl: string | undefined; timeoutMs?: number; from: string; production: boolean; log: Logger }): Mailer {
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
  // nodemailer waits up to 10 minutes for a silent server by default: a hung relay would hold a
  // reminder group (and every mail behind it) that long.
  const t = opts.timeoutMs ?? 30_000;
  const address = /<([^>]+)>/.exec(opts.from)?.[1] ?? opts.from.trim();
  // One transport per send (nodemailer opens a connection per send anyway) so that its transcript
  // watcher belongs to that send alone. Built here because createTransport({ url, ... }) keeps
  // only what the URL says.
  const transportFor = async (watch: TranscriptWatch) => {
    const [{ default: nodemailer }, { default: SMTPTransport }] = await loadSmtp();
    return nodemailer.createTransport(new SMTPTransport({ url: opts.smtpUrl, connectionTimeout: t, greetingTimeout: t, socketTimeout: t, transactionLog: true, logger: watch }), { from: opts.from });
  };
  return {
    async send({ fromName, ...mail }) {
      const watch = new TranscriptWatch();
      const transport = await transportFor(watch);
      try {
        await transport.sendMail({ ...mail, from: fromName ? { name: fromName, address } : opts.from });
      } catch (err) {
        // A socket timeout or a closed connection reads the same whatever the step: whether the
        // DATA command had gone out tells "never sent" (retry) from "may have been sent".
        if (err && typeof err === 'object') (err as MailError).dataIssued = watch.dataIssued;
        throw err;
      } finally {
        transport.close();
      }
    },
    async verify() {
      const transport = await transportFor(new TranscriptWatch());
      try {
        await transport.verify();
      } finally {
        transport.close();
      }
    },
    close() {},
  };
}

