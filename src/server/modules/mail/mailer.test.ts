// The mailer against SMTP servers that break the conversation at each stage: a break before DATA
// is a retry, a break after it (the message may have been delivered) is uncertain — nodemailer
// itself reports both as ECONNECTION/ESOCKET, so the mailer marks which it was.
import net from 'node:net';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { classify } from '../notifications/classify.js';
import { createMailer } from './mailer.js';

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
