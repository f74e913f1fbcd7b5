// The mailer against SMTP servers that stop answering or break the conversation at each stage:
// each step has a deadline, and the error says whether DATA had gone out, so the dispatchers tell
// "never sent" (retry) from "may have been sent" (uncertain) — nodemailer itself reports a break
// at any stage as ECONNECTION/ESOCKET/ETIMEDOUT with command "CONN".
import { once } from 'node:events';
import net, { createServer, type Server, type Socket } from 'node:net';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { classify } from '../notifications/index.js';
import { createMailer } from './mailer.js';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterEach(() => {
  sockets.splice(0).forEach((s) => s.destroy());
  servers.splice(0).forEach((s) => s.close());
});

/** A TCP server speaking just enough SMTP, going silent at `silentAt` (a command, or the greeting). */
async function silentServer(silentAt: 'greeting' | 'DATA-END'): Promise<string> {
  const server = createServer((socket) => {
    sockets.push(socket);
    if (silentAt === 'greeting') return;
    socket.write('220 test ESMTP\r\n');
    let inData = false;
    let buf = '';
    socket.on('data', (d: Buffer) => {
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (inData) {
          // The message has arrived; the server never says 250.
          if (line === '.') inData = false;
          continue;
        }
        if (/^(EHLO|HELO)/i.test(line)) socket.write('250 test\r\n');
        else if (/^DATA/i.test(line)) {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (/^QUIT/i.test(line)) socket.end('221 bye\r\n');
        else socket.write('250 ok\r\n');
      }
    });
  });
  servers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return `smtp://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const mailer = (smtpUrl: string) => createMailer({ smtpUrl, timeoutMs: 300, from: 'Hearth <no-reply@hearth.test>', production: false, log: pino({ level: 'silent' }) });
const mail = { to: 'someone@example.test', subject: 'Appointment reminder', text: 'hello' };

describe('mailer timeouts', () => {
  /** A send to a server that falls silent at `stage` fails within the timeout; how the failure is classed. */
  async function silentSend(stage: Parameters<typeof silentServer>[0]) {
    const m = mailer(await silentServer(stage));
    const t0 = Date.now();
    const err = await m.send(mail).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(Date.now() - t0).toBeLessThan(5_000);
    return classify(err, 'email', false).kind;
  }

  it('a server that never greets fails the send within the timeout, as never sent (retried)', async () => {
    expect(await silentSend('greeting')).toBe('transient');
  });

  it('a server silent after the message fails the send within the timeout, as uncertain (never resent)', async () => {
    expect(await silentSend('DATA-END')).toBe('uncertain');
  });
});

type Break = 'MAIL' | 'RCPT' | 'reset-after-dot' | 'close-after-dot' | '451-after-dot' | 'none';

describe('mailer: where a conversation broke', () => {
  const servers: net.Server[] = [];
  afterAll(() => {
    for (const s of servers) s.close();
  });

  async function server(at: Break): Promise<number> {
    const s = net.createServer((c) => {
      c.on('error', () => undefined);
      c.write('220 test\r\n');
      let inData = false;
      c.on('data', (d) => {
        const t = d.toString();
        if (inData) {
          if (!t.includes('\r\n.\r\n')) return;
          if (at === 'reset-after-dot') return void c.resetAndDestroy();
          if (at === 'close-after-dot') return void c.destroy();
          inData = false;
          return void c.write(at === '451-after-dot' ? '451 later\r\n' : '250 queued\r\n');
        }
        const cmd = t.slice(0, 4).toUpperCase();
        if (cmd === at) return void c.destroy();
        if (cmd === 'DATA') {
          inData = true;
          return void c.write('354 go on\r\n');
        }
        if (cmd === 'QUIT') return void c.end('221 bye\r\n');
        c.write('250 ok\r\n');
      });
    });
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
    return (s.address() as net.AddressInfo).port;
  }

  const outcome = async (port: number) => {
    const mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: 'Hearth <no-reply@localhost>', production: false, log: pino({ level: 'silent' }) });
    try {
      await mailer.send({ to: 'someone@example.test', subject: 'Test', text: 'Hello' });
      return 'sent';
    } catch (err) {
      return classify(err, 'email', false).kind;
    } finally {
      mailer.close();
    }
  };

  it('refused, or broken before DATA: transient; broken after the message: uncertain; a 4xx after it: transient', async () => {
    expect(await outcome(1)).toBe('transient');
    expect(await outcome(await server('MAIL'))).toBe('transient');
    expect(await outcome(await server('RCPT'))).toBe('transient');
    expect(await outcome(await server('reset-after-dot'))).toBe('uncertain');
    expect(await outcome(await server('close-after-dot'))).toBe('uncertain');
    expect(await outcome(await server('451-after-dot'))).toBe('transient');
    expect(await outcome(await server('none'))).toBe('sent');
  });
});
