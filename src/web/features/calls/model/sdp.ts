// SDP munging for a call on a poor link: Opus with in-band forward error correction (a lost
// packet is rebuilt from the next one) and discontinuous transmission (silence costs next to
// nothing). Applied to every offer and answer this page makes or receives (./engine.ts), so
// both directions of the audio are protected whichever side offered. Pure: unit-tested.

/** The Opus parameters a call on a bad link wants on. */
export const OPUS_RESILIENCE: Readonly<Record<string, string>> = { useinbandfec: '1', usedtx: '1' };

/** The fmtp parameters of a line ("minptime=10;useinbandfec=1") as ordered pairs. */
function parseParams(s: string): [string, string][] {
  return s
    .split(';')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => {
      const i = p.indexOf('=');
      return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)];
    });
}

const formatParams = (pairs: [string, string][]) => pairs.map(([k, v]) => (v === '' ? k : `${k}=${v}`)).join(';');

/**
 * The SDP with `params` set on every Opus payload type's fmtp line (values replaced, missing
 * ones appended, a missing fmtp line added after the rtpmap). Line endings are kept; anything
 * else is left as it was, and an SDP without Opus comes back unchanged.
 */
export function withOpusParams(sdp: string, params: Readonly<Record<string, string>> = OPUS_RESILIENCE): string {
  const eol = sdp.includes('\r\n') ? '\r\n' : '\n';
  const lines = sdp.split(eol);
  const opus = new Set<string>();
  for (const l of lines) {
    const m = /^a=rtpmap:(\d+) opus\/48000/i.exec(l);
    if (m) opus.add(m[1]!);
  }
  if (!opus.size) return sdp;
  const withFmtp = new Set<string>();
  const out = lines.map((l) => {
    const m = /^a=fmtp:(\d+) (.*)$/.exec(l);
    if (!m || !opus.has(m[1]!)) return l;
    withFmtp.add(m[1]!);
    const pairs = parseParams(m[2]!);
    for (const [k, v] of Object.entries(params)) {
      const at = pairs.findIndex(([pk]) => pk.toLowerCase() === k);
      if (at >= 0) pairs[at] = [pairs[at]![0], v];
      else pairs.push([k, v]);
    }
    return `a=fmtp:${m[1]} ${formatParams(pairs)}`;
  });
  const result: string[] = [];
  for (const l of out) {
    result.push(l);
    const m = /^a=rtpmap:(\d+) opus\/48000/i.exec(l);
    if (m && !withFmtp.has(m[1]!)) result.push(`a=fmtp:${m[1]} ${formatParams(Object.entries(params))}`);
  }
  return result.join(eol);
}

/** A session description with the Opus resilience parameters (the type kept; rollback untouched). */
export function resilientDescription<T extends { type: RTCSdpType; sdp?: string }>(d: T): T {
  return d.sdp ? { ...d, sdp: withOpusParams(d.sdp) } : d;
}
