// A software FIDO2 security key for tests: a P-256 (ES256) key pair that answers registration and
// authentication ceremonies the way a browser plus a USB key would, producing the JSON that
// @simplewebauthn/browser hands to the server. node:crypto only, with a minimal CBOR encoder.
// Knobs on each call let a test break one thing at a time (origin, challenge, RP ID, signature, ...).
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';

// ---- minimal CBOR (RFC 8949) encoder: unsigned/negative ints, byte and text strings, arrays, maps ----

export type CborValue = number | string | Uint8Array | CborValue[] | Map<CborValue, CborValue> | { [k: string]: CborValue };

function head(major: number, n: number): Buffer {
  const m = major << 5;
  if (n < 24) return Buffer.from([m | n]);
  if (n < 0x100) return Buffer.from([m | 24, n]);
  if (n < 0x10000) {
    const b = Buffer.alloc(3);
    b[0] = m | 25;
    b.writeUInt16BE(n, 1);
    return b;
  }
  if (n < 0x100000000) {
    const b = Buffer.alloc(5);
    b[0] = m | 26;
    b.writeUInt32BE(n, 1);
    return b;
  }
  const b = Buffer.alloc(9);
  b[0] = m | 27;
  b.writeBigUInt64BE(BigInt(n), 1);
  return b;
}

export function cborEncode(v: CborValue): Buffer {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v)) throw new Error(`CBOR: only integers are supported, got ${v}`);
    return v >= 0 ? head(0, v) : head(1, -1 - v);
  }
  if (typeof v === 'string') {
    const bytes = Buffer.from(v, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (v instanceof Uint8Array) return Buffer.concat([head(2, v.length), Buffer.from(v)]);
  if (Array.isArray(v)) return Buffer.concat([head(4, v.length), ...v.map(cborEncode)]);
  const entries: [CborValue, CborValue][] = v instanceof Map ? [...v.entries()] : Object.entries(v);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, val]) => [cborEncode(k), cborEncode(val)])]);
}

// ---- the authenticator ----

const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');
const sha256 = (b: Uint8Array | string) => createHash('sha256').update(b).digest();

export const FLAG_UP = 0x01;
export const FLAG_UV = 0x04;
export const FLAG_AT = 0x40;

export interface ClientOverrides {
  /** clientDataJSON.origin (default: the authenticator's origin). */
  origin?: string;
  /** clientDataJSON.type (default: webauthn.create / webauthn.get). */
  type?: string;
  /** The challenge to sign instead of the one in the options (base64url). */
  challenge?: string;
  /** The RP ID whose hash goes into authenticatorData (default: the authenticator's RP ID). */
  rpId?: string;
  /** Authenticator flags byte (default: UP|UV, plus AT on registration). */
  flags?: number;
}

export interface AssertionOverrides extends ClientOverrides {
  /** Use this signature counter instead of the next one (does not move the internal counter). */
  counter?: number;
  /** Flip a bit in the DER signature after signing. */
  tamperSignature?: boolean;
  /** Send a userHandle (base64url). */
  userHandle?: string;
}

export class SoftAuthenticator {
  readonly credentialId: Buffer;
  readonly aaguid = Buffer.alloc(16);
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  /** The last signature counter this key reported. */
  counter = 0;

  constructor(
    readonly rpId = '127.0.0.1',
    readonly origin = 'http://127.0.0.1:3000',
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    this.publicKey = publicKey;
    this.credentialId = randomBytes(32);
  }

  get id(): string {
    return b64u(this.credentialId);
  }

  /** The credential public key as a COSE_Key map (EC2, ES256, P-256). */
  cosePublicKey(): Buffer {
    const jwk = this.publicKey.export({ format: 'jwk' });
    const x = Buffer.from(jwk.x!, 'base64url');
    const y = Buffer.from(jwk.y!, 'base64url');
    if (x.length !== 32 || y.length !== 32) throw new Error('unexpected P-256 coordinate length');
    return cborEncode(
      new Map<CborValue, CborValue>([
        [1, 2], // kty: EC2
        [3, -7], // alg: ES256
        [-1, 1], // crv: P-256
        [-2, x],
        [-3, y],
      ]),
    );
  }

  private clientData(type: string, challenge: string, o: ClientOverrides): Buffer {
    return Buffer.from(JSON.stringify({ type: o.type ?? type, challenge: o.challenge ?? challenge, origin: o.origin ?? this.origin, crossOrigin: false }));
  }

  private counterBytes(n: number): Buffer {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(n >>> 0);
    return b;
  }

  /** The PublicKeyCredential JSON around either ceremony's response. */
  private credentialFields() {
    return { id: this.id, rawId: this.id, type: 'public-key' as const, clientExtensionResults: {}, authenticatorAttachment: 'cross-platform' as const };
  }

  /** navigator.credentials.create() with attestation 'none'. */
  register(options: { challenge: string }, o: ClientOverrides = {}): RegistrationResponseJSON {
    const clientDataJSON = this.clientData('webauthn.create', options.challenge, o);
    const idLen = Buffer.alloc(2);
    idLen.writeUInt16BE(this.credentialId.length);
    const authData = Buffer.concat([
      sha256(o.rpId ?? this.rpId),
      Buffer.from([o.flags ?? FLAG_UP | FLAG_UV | FLAG_AT]),
      this.counterBytes(this.counter),
      this.aaguid,
      idLen,
      this.credentialId,
      this.cosePublicKey(),
    ]);
    const attestationObject = cborEncode(new Map<CborValue, CborValue>([['fmt', 'none'], ['attStmt', new Map()], ['authData', authData]]));
    return {
      ...this.credentialFields(),
      response: { clientDataJSON: b64u(clientDataJSON), attestationObject: b64u(attestationObject), transports: ['usb'] },
    };
  }

  /** navigator.credentials.get(): signs authenticatorData ‖ sha256(clientDataJSON) with ECDSA-SHA256 (DER). */
  assert(options: { challenge: string }, o: AssertionOverrides = {}): AuthenticationResponseJSON {
    const clientDataJSON = this.clientData('webauthn.get', options.challenge, o);
    let count: number;
    if (o.counter === undefined) count = ++this.counter;
    else count = o.counter;
    const authenticatorData = Buffer.concat([sha256(o.rpId ?? this.rpId), Buffer.from([o.flags ?? FLAG_UP | FLAG_UV]), this.counterBytes(count)]);
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), this.privateKey);
    if (o.tamperSignature) signature[signature.length - 1]! ^= 0x01;
    return {
      ...this.credentialFields(),
      response: {
        clientDataJSON: b64u(clientDataJSON),
        authenticatorData: b64u(authenticatorData),
        signature: b64u(signature),
        ...(o.userHandle !== undefined ? { userHandle: o.userHandle } : {}),
      },
    };
  }
}
