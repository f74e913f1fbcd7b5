// A join link's redemption, started the moment this small script arrives rather than once the
// whole client entry has downloaded and run: the server names it as a script of its own in the
// page it answers /join with (src/server/spa.ts), so on a weak link the round trip of
// POST /api/calls/join-link overlaps the app's download (issue 19: a client on a weak cell reaches
// the pre-join within 3 s). The join page takes the answer (takeEarlyJoin) and reads it as it reads
// its own requests' (api/factory.ts settle). It imports nothing: a module it shared with the entry
// would be one more download before it could run.

export const JOIN_LINK_PATH = '/api/calls/join-link';

/** A join link's token from its fragment (`#<token>`, or `#token=<token>`); null when there is none or it is malformed. */
export function tokenOf(hash: string): string | null {
  const raw = hash.replace(/^#/, '');
  try {
    return (raw.startsWith('token=') ? new URLSearchParams(raw).get('token') : decodeURIComponent(raw)) || null;
  } catch {
    return null;
  }
}

/** Redeems a link's token: the POST the join page's API client would send (no session, so no CSRF token). */
export function redeemRequest(token: string): Promise<Response> {
  return fetch(JOIN_LINK_PATH, {
    method: 'POST',
    headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    cache: 'no-store',
    body: JSON.stringify({ token }),
  });
}

let early: { token: string; answer: Promise<Response> } | null = null;

/** The answer this script's own start got for `token`, handed over once (a link is redeemed once). */
export function takeEarlyJoin(token: string): Promise<Response> | null {
  if (early?.token !== token) return null;
  const { answer } = early;
  early = null;
  return answer;
}

if (typeof location !== 'undefined' && location.pathname === '/join') {
  const token = tokenOf(location.hash);
  if (token) early = { token, answer: redeemRequest(token) };
}
