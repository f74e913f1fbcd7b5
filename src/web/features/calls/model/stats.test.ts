// The stats reduction over reports shaped like the ones browsers give (fields and values as
// Chromium and Firefox report them, trimmed to what matters).
import { describe, expect, it } from 'vitest';
import { candidateTypeFromLine, describeIceResult, dtlsVersionName, qualityOf, readCallStats, serversOffered, summarizeStats } from './stats.js';

const report = (...stats: Record<string, unknown>[]) => new Map(stats.map((s) => [s.id as string, s]));

/**
 * A Chromium video call going through a TURN relay on our side, direct on theirs. The transport's
 * DTLS figures are those Chromium 14x reports (DTLS 1.3 and the IANA protection-profile name),
 * seen in the device check's test call.
 */
function chromiumReport(over: { packetsLost?: number; packetsReceived?: number; rtt?: number; jitter?: number } = {}) {
  return report(
    { id: 'T01', type: 'transport', timestamp: 1, bytesSent: 90_000, bytesReceived: 1_200_000, dtlsState: 'connected', dtlsRole: 'client', selectedCandidatePairId: 'CPa1b2', tlsVersion: 'FEFC', dtlsCipher: 'TLS_AES_128_GCM_SHA256', srtpCipher: 'SRTP_AES128_CM_HMAC_SHA1_80', iceRole: 'controlling', iceState: 'connected', localCertificateId: 'CFx', remoteCertificateId: 'CFy' },
    { id: 'CPzz', type: 'candidate-pair', transportId: 'T01', localCandidateId: 'Ihost', remoteCandidateId: 'Iremhost', state: 'failed', nominated: false, currentRoundTripTime: 0.004 },
    { id: 'CPa1b2', type: 'candidate-pair', transportId: 'T01', localCandidateId: 'Irel', remoteCandidateId: 'Isrf', state: 'succeeded', nominated: true, currentRoundTripTime: over.rtt ?? 0.0423, availableOutgoingBitrate: 1_500_000 },
    { id: 'Ihost', type: 'local-candidate', transportId: 'T01', address: '192.168.1.20', port: 50000, protocol: 'udp', candidateType: 'host' },
    { id: 'Irel', type: 'local-candidate', transportId: 'T01', address: '203.0.113.7', port: 49152, protocol: 'udp', candidateType: 'relay', relayProtocol: 'udp', url: 'turn:turn.example.org:3478?transport=udp' },
    { id: 'Iremhost', type: 'remote-candidate', transportId: 'T01', address: '10.0.0.4', port: 51000, protocol: 'udp', candidateType: 'host' },
    { id: 'Isrf', type: 'remote-candidate', transportId: 'T01', address: '198.51.100.9', port: 61000, protocol: 'udp', candidateType: 'srflx' },
    { id: 'IT01V3', type: 'inbound-rtp', kind: 'video', ssrc: 1111, transportId: 'T01', codecId: 'CIT01_96', framesDecoded: 1480, framesPerSecond: 29.97, frameWidth: 640, frameHeight: 480, bytesReceived: 1_100_000, packetsReceived: over.packetsReceived ?? 1900, packetsLost: over.packetsLost ?? 12, jitter: over.jitter ?? 0.009 },
    { id: 'IT01A1', type: 'inbound-rtp', kind: 'audio', ssrc: 2222, transportId: 'T01', codecId: 'CIT01_111', bytesReceived: 98_000, packetsReceived: 2500, packetsLost: 3, jitter: 0.0035 },
    { id: 'RIA', type: 'remote-inbound-rtp', kind: 'audio', ssrc: 3333, transportId: 'T01', roundTripTime: 0.05, fractionLost: 0, packetsLost: 0 },
    { id: 'OTV', type: 'outbound-rtp', kind: 'video', ssrc: 4444, bytesSent: 80_000, packetsSent: 1200 },
    { id: 'CIT01_96', type: 'codec', mimeType: 'video/VP8', payloadType: 96 },
  );
}

describe('summarizeStats', () => {
  it('reads video, audio, path, encryption and quality from a Chromium report', () => {
    const s = summarizeStats(chromiumReport());
    expect(s.video).toEqual({ framesDecoded: 1480, framesPerSecond: 29.97, bytesReceived: 1_100_000, frameWidth: 640, frameHeight: 480 });
    expect(s.audio).toEqual({ bytesReceived: 98_000 });
    expect(s.rttMs).toBe(42.3);
    expect(s.jitterMs).toBe(9);
    // (12 + 3) lost of (12 + 3 + 1900 + 2500)
    expect(s.packetsLostPercent).toBe(0.34);
    expect(s.candidateType).toEqual({ local: 'relay', remote: 'srflx' });
    expect(s.dtls).toEqual({ tlsVersion: 'DTLS 1.3', dtlsCipher: 'TLS_AES_128_GCM_SHA256', srtpCipher: 'SRTP_AES128_CM_HMAC_SHA1_80' });
    expect(s.quality).toBe('good');
  });

  it('names DTLS 1.2 with its cipher suite (older browsers, or a peer without DTLS 1.3)', () => {
    const r = chromiumReport();
    r.set('T01', { ...(r.get('T01') as object), tlsVersion: 'FEFD', dtlsCipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', srtpCipher: 'SRTP_AEAD_AES_128_GCM' });
    expect(summarizeStats(r).dtls).toEqual({ tlsVersion: 'DTLS 1.2', dtlsCipher: 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', srtpCipher: 'SRTP_AEAD_AES_128_GCM' });
  });

  it('reports loss over the interval since the previous reading', () => {
    const first = summarizeStats(chromiumReport({ packetsLost: 12, packetsReceived: 1900 }));
    // 100 more video packets lost, 300 received since: 100 / 400 = 25 %, poor.
    const next = summarizeStats(chromiumReport({ packetsLost: 112, packetsReceived: 2200 }), first);
    expect(next.packetsLostPercent).toBe(25);
    expect(next.quality).toBe('poor');
  });

  it('grades fair on a long round trip or jitter, poor on a very long one', () => {
    expect(summarizeStats(chromiumReport({ rtt: 0.3 })).quality).toBe('fair');
    expect(summarizeStats(chromiumReport({ jitter: 0.05 })).quality).toBe('fair');
    expect(summarizeStats(chromiumReport({ rtt: 0.9 })).quality).toBe('poor');
  });

  it('counts what the far end says it lost of our media', () => {
    const r = chromiumReport();
    r.set('RIA', { id: 'RIA', type: 'remote-inbound-rtp', kind: 'video', roundTripTime: 0.05, fractionLost: 0.1 });
    expect(summarizeStats(r).packetsLostPercent).toBe(10);
    expect(summarizeStats(r).quality).toBe('poor');
  });

  it('finds the selected pair in a Firefox report (no selectedCandidatePairId, pair marked selected)', () => {
    const s = summarizeStats(
      report(
        { id: '{p1}', type: 'candidate-pair', localCandidateId: '{l1}', remoteCandidateId: '{r1}', state: 'succeeded', nominated: true, selected: true },
        { id: '{l1}', type: 'local-candidate', candidateType: 'host', address: '192.168.1.5' },
        { id: '{r1}', type: 'remote-candidate', candidateType: 'relay', address: '203.0.113.8' },
        { id: '{in-v}', type: 'inbound-rtp', kind: 'video', framesDecoded: 10, bytesReceived: 5000, packetsReceived: 20, packetsLost: 0, jitter: 0.002 },
        { id: '{ri}', type: 'remote-inbound-rtp', kind: 'audio', roundTripTime: 0.031 },
      ),
    );
    expect(s.candidateType).toEqual({ local: 'host', remote: 'relay' });
    // No RTT on the pair: the remote-inbound-rtp figure.
    expect(s.rttMs).toBe(31);
    expect(s.video).toMatchObject({ framesDecoded: 10, framesPerSecond: null, frameWidth: null });
    expect(s.audio).toBeNull();
    expect(s.dtls).toBeNull();
    expect(s.quality).toBe('good');
  });

  it('knows nothing yet before the connection is up', () => {
    const s = summarizeStats(report({ id: 'T01', type: 'transport', dtlsState: 'new', iceState: 'new' }));
    expect(s).toMatchObject({ video: null, audio: null, rttMs: null, packetsLostPercent: null, jitterMs: null, dtls: null, quality: 'unknown' });
    expect(s.candidateType).toEqual({ local: null, remote: null });
    expect(summarizeStats(new Map()).quality).toBe('unknown');
  });

  it('reads a live connection through getStats', async () => {
    const s = await readCallStats({ getStats: () => Promise.resolve(chromiumReport()) });
    expect(s.candidateType.local).toBe('relay');
  });
});

describe('helpers', () => {
  it('names DTLS versions', () => {
    expect(dtlsVersionName('FEFD')).toBe('DTLS 1.2');
    expect(dtlsVersionName('fefc')).toBe('DTLS 1.3');
    expect(dtlsVersionName('DTLS 1.2')).toBe('DTLS 1.2');
    expect(dtlsVersionName(null)).toBeNull();
  });

  it('grades quality only on what is known', () => {
    expect(qualityOf({ rttMs: null, packetsLostPercent: null, jitterMs: null })).toBe('unknown');
    expect(qualityOf({ rttMs: 20, packetsLostPercent: null, jitterMs: null })).toBe('good');
    expect(qualityOf({ rttMs: null, packetsLostPercent: 3, jitterMs: null })).toBe('fair');
  });

  it('types candidates from the object or the SDP line', () => {
    expect(candidateTypeFromLine({ type: 'relay' })).toBe('relay');
    expect(candidateTypeFromLine({ candidate: 'candidate:842163049 1 udp 1677729535 203.0.113.5 52000 typ srflx raddr 0.0.0.0 rport 0 generation 0' })).toBe('srflx');
    expect(candidateTypeFromLine({ candidate: 'candidate:1 1 udp 2122260223 4b1e7c8a.local 54400 typ host generation 0' })).toBe('host');
    expect(candidateTypeFromLine({ candidate: '' })).toBeNull();
  });

  it('tells which servers a configuration offers', () => {
    expect(serversOffered([{ urls: ['stun:stun.example.org:3478'] }, { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'] }])).toEqual({ stun: true, turn: true });
    expect(serversOffered([{ urls: 'stun:stun.example.org' }])).toEqual({ stun: true, turn: false });
  });

  it('describes the network step in words', () => {
    const base = { host: 2, srflx: 1, relay: 1, stunConfigured: true, turnConfigured: true, timedOut: false, serverErrors: [] };
    expect(describeIceResult(base)).toMatchObject({ direct: { state: 'reachable' }, relay: { state: 'reachable' } });
    const blocked = describeIceResult({ ...base, srflx: 0, relay: 0, timedOut: true });
    expect(blocked.direct.state).toBe('limited');
    expect(blocked.relay).toMatchObject({ state: 'unreachable' });
    expect(blocked.relay.detail).toContain('within the time allowed');
    // Plain words for a client; the technical terms only in the details for IT.
    for (const r of [base, { ...base, srflx: 0, relay: 0, timedOut: true }, { ...base, stunConfigured: false, srflx: 0 }, { ...base, turnConfigured: false, relay: 0 }, { ...base, host: 0, srflx: 0 }]) {
      const v = describeIceResult(r);
      for (const text of [v.direct.text, v.relay.text]) expect(text).not.toMatch(/TURN|STUN|address-discovery|candidate|ICE/);
      expect(v.relay.detail).toMatch(/TURN/);
      expect(v.direct.detail).toMatch(/candidate/i);
    }
    expect(describeIceResult({ ...base, turnConfigured: false, relay: 0 }).relay.state).toBe('not_configured');
    expect(describeIceResult({ ...base, host: 0, srflx: 0 }).direct.state).toBe('unreachable');
  });
});
