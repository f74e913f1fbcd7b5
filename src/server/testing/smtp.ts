// A real SMTP receiver (smtp-server) on 127.0.0.1 that keeps every message it is sent.
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  /** The whole message decoded (headers too: enough to find links). */
  text: string;
  /** `text` without the message's headers: what a test that no fact may appear in reads (a
   * Message-ID or Date header holds digits and ids of its own). */
  body: string;
  /** MIME parts sent as files (a filename in Content-Disposition or Content-Type), decoded. */
  attachments: MailFile[];
  /** The Message-ID header (e.g. `<reminder.<ledger id>@host>`), or '' when there is none. */
  messageId: string;
}

export interface MailFile {
  filename: string;
  /** The full Content-Type header value (e.g. `text/calendar; charset=utf-8; method=REQUEST`). */
  contentType: string;
  content: Buffer;
}

export interface SmtpReceiver {
  url: string;
  port: number;
  messages: ReceivedMail[];
  /** Resolves with the first message (now or later) matching the predicate. */
  waitFor(pred: (m: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/** Subject and body text, with quoted-printable and base64 MIME parts decoded (enough to find links). */
function decodeBody(raw: string): { subject: string; text: string; body: string } {
  const [head = ''] = raw.split(/\r?\n\r?\n/);
  const subject = /^Subject: (.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? '';
  const parts = [raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))];
  const base64 = /Content-Transfer-Encoding:\s*base64\s*\r?\n(?:[^\r\n]+\r?\n)*\r?\n([A-Za-z0-9+/=\r\n]+)/gi;
  for (const m of raw.matchAll(base64)) parts.push(Buffer.from(m[1]!.replace(/\s+/g, ''), 'base64').toString('utf8'));
  const text = parts.join('\n');
  const end = /\r?\n\r?\n/.exec(text);
  return { subject, text, body: end ? text.slice(end.index + end[0].length) : '' };
}

function headerMap(head: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) map.set(line.slice(0, i).trim().toLowerCase(), line.slice(i + 1).trim());
  }
  return map;
}

const param = (value: string | undefined, name: string) => new RegExp(`${name}\\*?=(?:"([^"]*)"|([^;\\s]*))`, 'i').exec(value ?? '')?.slice(1).find((v) => v !== undefined);

/** A MIME body's bytes under its Content-Transfer-Encoding (base64, quoted-printable, or as sent). */
export function decodePart(body: string, encoding: string | undefined): Buffer {
  const enc = (encoding ?? '7bit').toLowerCase();
  if (enc === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (enc === 'quoted-printable') {
    const bytes: number[] = [];
    const text = body.replace(/=\r?\n/g, '');
    for (let i = 0; i < text.length; i++) {
      const h = text.slice(i + 1, i + 3);
      if (text[i] === '=' && /^[0-9A-F]{2}$/i.test(h)) {
        bytes.push(parseInt(h, 16));
        i += 2;
      } else bytes.push(...Buffer.from(text[i]!, 'utf8'));
    }
    return Buffer.from(bytes);
  }
  return Buffer.from(body, 'utf8');
}

/** The files of a MIME message, walking nested multiparts. */
export function mimeAttachments(raw: string): MailFile[] {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = split ? raw.slice(0, split.index) : raw;
  const body = split ? raw.slice(split.index + split[0].length) : '';
  const headers = headerMap(head);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /^multipart\//i.test(type) ? param(type, 'boundary') : undefined;
  if (boundary) {
    const parts = body.split(new RegExp(`\\r?\\n?--${boundary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:--)?[ \t]*\\r?\\n?`));
    return parts.slice(1).flatMap((part) => (part.trim() ? mimeAttachments(part) : []));
  }
  const filename = param(headers.get('content-disposition'), 'filename') ?? param(type, 'name');
  return filename ? [{ filename, contentType: type, content: decodePart(body, headers.get('content-transfer-encoding')) }] : [];
}

export interface SmtpReceiverOptions {
  /**
   * Refuses a recipient with this SMTP reply code (e.g. 451 "try later", 550 "no such mailbox"),
   * or accepts it (null). Lets a test see how senders treat 4xx and 5xx answers.
   */
  refuse?: (recipient: string) => number | null;
  /**
   * Waits this long after a message has arrived before answering 250 (a slow server): a sender
   * killed meanwhile has delivered the message without learning so.
   */
  acceptDelayMs?: number;
}

export async function startSmtpReceiver(opts: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMail[] = [];
  const waiters: { pred: (m: ReceivedMail) => boolean; resolve: (m: ReceivedMail) => void }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = opts.refuse?.(address.address.toLowerCase()) ?? null;
      if (code === null) return callback();
      callback(Object.assign(new Error(code < 500 ? 'Mailbox busy, try again later' : 'No such mailbox'), { responseCode: code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          raw,
          ...decodeBody(raw),
          attachments: mimeAttachments(raw),
          messageId: headerMap(raw.split(/\r?\n\r?\n/)[0] ?? '').get('message-id') ?? '',
        };
        messages.push(mail);
        for (const w of [...waiters]) {
          if (w.pred(mail)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(mail);
          }
        }
        if (opts.acceptDelayMs) setTimeout(() => callback(), opts.acceptDelayMs);
        else callback();
      });
    },
  });
  // A sender killed mid-conversation resets its connection: not an error of the receiver's.
  server.on('error', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(pred, timeoutMs = 10_000) {
      const found = messages.find(pred);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no matching mail arrived')), timeoutMs);
        waiters.push({ pred, resolve: (m) => (clearTimeout(t), resolve(m)) });
      });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** The token from a Hearth link in a mail (`.../path#token=...`). */
export function linkToken(mail: ReceivedMail, path: string): string {
  const m = new RegExp(`${path}(?:\\?[^#\\s]*)?#token=([A-Za-z0-9_-]+)`).exec(mail.text);
  if (!m?.[1]) throw new Error(`no ${path} link in mail: ${mail.subject}`);
  return m[1];
}
