// TURN credentials by the TURN REST API scheme (draft-uberti-behave-turn-rest, what coturn's
// --use-auth-secret checks): the server and coturn share a secret; a credential is minted per
// user, names its own expiry, and needs no call to coturn. Username `${expiryUnix}:${user}`,
// credential base64(HMAC-SHA1(secret, username)).
import { createHmac } from 'node:crypto';

export interface TurnCredentials {
  username: string;
  credential: string;
  /** Unix seconds after which coturn refuses the credential. */
  expiresAt: number;
}

export function turnCredentials(secret: string, ttlSeconds: number, user: string, nowMs: number = Date.now()): TurnCredentials {
  if (!secret) throw new Error('turnCredentials: empty secret');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new Error(`turnCredentials: ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  // coturn splits the username at its first ':' (the expiry); a ':' in the user part would still
  // parse, but keep the user part plain so the username reads unambiguously in logs.
  if (!user || user.includes(':')) throw new Error('turnCredentials: user must be non-empty and contain no ":"');
  const expiresAt = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiresAt}:${user}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt };
}
