// The TLS Hearth serves itself (TLS_CERT_FILE/TLS_KEY_FILE): TLS 1.3, and on TLS 1.2 only
// forward-secret ECDHE with an AEAD cipher (AES-GCM, ChaCha20-Poly1305); no CBC (LUCKY13), no RSA
// key exchange, no finite-field DHE. Every browser of the last decade speaks one of these.
import type { SecureContextOptions, TlsOptions } from 'node:tls';

/** TLS 1.3 suites first (Node hands the TLS_* names to OpenSSL's ciphersuites list), then TLS 1.2. */
export const SERVED_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

export function servedTlsOptions(cert: Buffer, key: Buffer): TlsOptions & SecureContextOptions {
  return {
    cert,
    key,
    minVersion: 'TLSv1.2',
    ciphers: SERVED_CIPHERS,
    // The server's order, not the client's: a client that also offers something weaker still gets these.
    honorCipherOrder: true,
    ecdhCurve: 'X25519:P-256:P-384',
  };
}
