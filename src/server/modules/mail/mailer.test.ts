// The mailer against servers that stop answering: each step of the SMTP conversation has a
// deadline, and what the error says lets the reminder dispatcher tell "never sent" (retry) from
// "may have been sent" (uncertain).
import { once } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { classify } from '../reminders/dispatcher.js';
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
  it('a server that never greets fails the send within the timeout, as never sent (retried)', async () => {
    const m = mailer(await silentServer('greeting'));
    const t0 = Date.now();
    const err = await m.send(mail).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(classify(err, 'email', false).kind).toBe('transient');
  });

  it('a server silent after the message fails the send within the timeout, as uncertain (never resent)', async () => {
    const m = mailer(await silentServer('DATA-END'));
    const t0 = Date.now();
    const err = await m.send(mail).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(Date.now() - t0).toBeLessThan(5_000);
    expect(classify(err, 'email', false).kind).toBe('uncertain');
  });
});
