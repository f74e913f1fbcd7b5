// Served TLS (TLS_CERT_FILE/TLS_KEY_FILE): TLS 1.3, and on TLS 1.2 only forward-secret ECDHE with
// an AEAD (AES-GCM or ChaCha20-Poly1305). Checked from outside with `openssl s_client`, as testssl
// would: every CBC or RSA key-exchange suite is refused, as is TLS 1.1.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDialects } from './testing/dialects.js';
import { createHarness, type Harness } from './testing/harness.js';

interface Handshake {
  ok: boolean;
  protocol: string | undefined;
  cipher: string | undefined;
}

describe.each(testDialects())('served TLS on %s', (dialect) => {
  let h: Harness;
  let port: number;
  const dir = mkdtempSync(path.join(tmpdir(), 'hearth-tls-'));
  beforeAll(async () => {
    // An RSA certificate: with it a server that allowed them could negotiate RSA key exchange.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    h = await createHarness(dialect, { env: { TLS_CERT_FILE: path.join(dir, 'cert.pem'), TLS_KEY_FILE: path.join(dir, 'key.pem') } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    port = (h.app.server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous: the server answers from this same event loop.
  const handshake = (args: string[]) =>
    new Promise<Handshake>((resolve) => {
      // SECLEVEL=0 so the client itself is willing to offer what is being probed (TLS 1.1, SHA-1 suites).
      execFile('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'localhost', '-brief', ...args], { timeout: 15_000 }, (err, stdout, stderr) => {
        const out = stdout + stderr;
        resolve({ ok: !err, protocol: /Protocol version: (\S+)/.exec(out)?.[1], cipher: /Ciphersuite: (\S+)/.exec(out)?.[1] });
      }).stdin?.end();
    });

  const refusedOnTls12 = [
    'AES128-SHA',
    'AES256-SHA',
    'AES128-SHA256',
    'AES256-SHA256',
    'AES128-GCM-SHA256',
    'AES256-GCM-SHA384',
    'ECDHE-RSA-AES128-SHA',
    'ECDHE-RSA-AES256-SHA',
    'ECDHE-RSA-AES128-SHA256',
    'ECDHE-RSA-AES256-SHA384',
    'DHE-RSA-AES128-GCM-SHA256',
    'DHE-RSA-AES128-SHA256',
  ];
  it.each(refusedOnTls12)('refuses %s on TLS 1.2', async (suite) => {
    const r = await handshake(['-tls1_2', '-cipher', `${suite}@SECLEVEL=0`]);
    expect(r, JSON.stringify(r)).toMatchObject({ ok: false, cipher: undefined });
  });

  it.each(['ECDHE-RSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES256-GCM-SHA384', 'ECDHE-RSA-CHACHA20-POLY1305'])('negotiates %s on TLS 1.2', async (suite) => {
    expect(await handshake(['-tls1_2', '-cipher', suite])).toEqual({ ok: true, protocol: 'TLSv1.2', cipher: suite });
  });

  it('a TLS 1.2 client offering everything gets an ECDHE AEAD suite', async () => {
    const r = await handshake(['-tls1_2', '-cipher', 'ALL@SECLEVEL=0']);
    expect(r.ok).toBe(true);
    expect(r.cipher).toMatch(/^ECDHE-RSA-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/);
  });

  it.each(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'])('negotiates %s on TLS 1.3', async (suite) => {
    expect(await handshake(['-tls1_3', '-ciphersuites', suite])).toEqual({ ok: true, protocol: 'TLSv1.3', cipher: suite });
  });

  it('refuses TLS 1.1 and 1.0', async () => {
    for (const v of ['-tls1_1', '-tls1']) {
      const r = await handshake([v, '-cipher', 'ALL@SECLEVEL=0']);
      expect(r, `${v} ${JSON.stringify(r)}`).toMatchObject({ ok: false, protocol: undefined });
    }
  });
});
