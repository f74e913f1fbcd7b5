// TURN REST API credentials (draft-uberti-behave-turn-rest, as coturn's use-auth-secret reads them):
// username `<expiry unix seconds>:<user>`, password base64(HMAC-SHA1(shared secret, username)).
// Nothing is stored: coturn recomputes the password from the secret and refuses expired usernames.
import { createHmac } from 'node:crypto';

export function turnCredentials(secret: string, ttlSeconds: number, user: string, nowMs = Date.now()): { username: string; credential: string; expiresAt: number } {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  const username = `${expiry}:${user}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAt: expiry * 1000 };
}
