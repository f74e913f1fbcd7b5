import { describe, expect, it } from 'vitest';
import { resilientDescription, withOpusParams, withRedFirst } from './sdp.js';

const CHROME_AUDIO = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0',
  'a=rtpmap:111 opus/48000/2',
  'a=rtcp-fb:111 transport-cc',
  'a=fmtp:111 minptime=10;useinbandfec=0',
  'a=rtpmap:63 red/48000/2',
  'a=fmtp:63 111/111',
  'a=rtpmap:9 G722/8000',
  'm=video 9 UDP/TLS/RTP/SAVPF 96',
  'a=rtpmap:96 VP8/90000',
  'a=fmtp:96 x-google-start-bitrate=300',
  '',
].join('\r\n');

describe('Opus in-band FEC and DTX in the SDP', () => {
  it('sets both on the Opus fmtp line, replacing a value that turned them off, keeping the rest', () => {
    const out = withOpusParams(CHROME_AUDIO);
    expect(out).toContain('a=fmtp:111 minptime=10;useinbandfec=1;usedtx=1\r\n');
    // Other codecs' parameters are not Opus's.
    expect(out).toContain('a=fmtp:63 111/111\r\n');
    expect(out).toContain('a=fmtp:96 x-google-start-bitrate=300\r\n');
    expect(out.split('\r\n')).toHaveLength(CHROME_AUDIO.split('\r\n').length);
    expect(out.endsWith('\r\n')).toBe(true);
  });

  it('adds an fmtp line when Opus has none, for every Opus payload type', () => {
    const sdp = ['m=audio 9 RTP/SAVPF 109 110', 'a=rtpmap:109 opus/48000/2', 'a=rtpmap:110 OPUS/48000/2', 'a=fmtp:110 stereo=1', ''].join('\n');
    const out = withOpusParams(sdp).split('\n');
    expect(out[2]).toBe('a=fmtp:109 useinbandfec=1;usedtx=1');
    expect(out).toContain('a=fmtp:110 stereo=1;useinbandfec=1;usedtx=1');
  });

  it('is idempotent and leaves an SDP without Opus alone', () => {
    const once = withOpusParams(CHROME_AUDIO);
    expect(withOpusParams(once)).toBe(once);
    const noOpus = 'v=0\r\nm=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n';
    expect(withOpusParams(noOpus)).toBe(noOpus);
  });

  it('works on offers and answers alike; a rollback has no SDP and stays as it is', () => {
    expect(resilientDescription({ type: 'offer' as const, sdp: CHROME_AUDIO }).sdp).toContain('usedtx=1');
    expect(resilientDescription({ type: 'answer' as const, sdp: CHROME_AUDIO }).sdp).toContain('useinbandfec=1;usedtx=1');
    expect(resilientDescription({ type: 'rollback' as const })).toEqual({ type: 'rollback' });
  });
});

describe('redundant audio (RED) preferred over bare Opus', () => {
  it('puts RED first in the audio section, the rest in their order; video untouched', () => {
    const out = withRedFirst(CHROME_AUDIO).split('\r\n');
    expect(out).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 63 111 9 0');
    expect(out).toContain('m=video 9 UDP/TLS/RTP/SAVPF 96');
    expect(out).toHaveLength(CHROME_AUDIO.split('\r\n').length);
    expect(withRedFirst(withRedFirst(CHROME_AUDIO))).toBe(withRedFirst(CHROME_AUDIO));
  });

  it('leaves a section alone whose RED wraps another codec, or that has no RED', () => {
    const other = CHROME_AUDIO.replace('a=fmtp:63 111/111', 'a=fmtp:63 9/9');
    expect(withRedFirst(other)).toBe(other);
    const none = 'v=0\r\nm=audio 9 RTP/AVP 111 0\r\na=rtpmap:111 opus/48000/2\r\na=rtpmap:0 PCMU/8000\r\n';
    expect(withRedFirst(none)).toBe(none);
  });

  it('each audio section by its own payload types (a second section without RED stays)', () => {
    const two = CHROME_AUDIO.replace('m=video 9 UDP/TLS/RTP/SAVPF 96\r\na=rtpmap:96 VP8/90000\r\na=fmtp:96 x-google-start-bitrate=300', 'm=audio 9 UDP/TLS/RTP/SAVPF 111 63\r\na=rtpmap:111 opus/48000/2');
    const out = withRedFirst(two).split('\r\n').filter((l) => l.startsWith('m='));
    expect(out).toEqual(['m=audio 9 UDP/TLS/RTP/SAVPF 63 111 9 0', 'm=audio 9 UDP/TLS/RTP/SAVPF 111 63']);
  });

  it('is part of every description the page makes or receives', () => {
    expect(resilientDescription({ type: 'answer' as const, sdp: CHROME_AUDIO }).sdp).toContain('m=audio 9 UDP/TLS/RTP/SAVPF 63 111 9 0');
  });
});
