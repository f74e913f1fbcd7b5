// What the call's adaptation shows (../model/tuning.ts measures, ../model/adapt.ts decides): the
// polite live notice when video is paused for a weak link (here or at the other end) with the
// offer of video back once the link recovers, the quality badge on each tile (bars and a word,
// never colour alone), and each link's figures for the info panel.
import { FormattedMessage, defineMessages, useIntl } from 'react-intl';
import type { CallEngine, EngineState, LinkReading } from '../model/engine.js';
import type { CallQuality } from '../model/quality.js';

const SPACE = ' ';

const QUALITY_WORDS = defineMessages({
  good: { id: 'calls.quality.good', defaultMessage: 'good' },
  fair: { id: 'calls.quality.fair', defaultMessage: 'fair' },
  poor: { id: 'calls.quality.poor', defaultMessage: 'poor' },
  unknown: { id: 'calls.quality.unknown', defaultMessage: 'not yet known' },
});
const BARS: Record<CallQuality, string> = { good: '▮▮▮', fair: '▮▮▯', poor: '▮▯▯', unknown: '▯▯▯' };

export function useQualityWord() {
  const intl = useIntl();
  return (q: CallQuality) => intl.formatMessage(QUALITY_WORDS[q]);
}

export function QualityBars({ q }: { q: CallQuality }) {
  return (
    <span className="quality-icon" aria-hidden="true">
      {BARS[q]}
    </span>
  );
}

/** On a tile: "▮▮▯ fair" (the link to that person; on one's own tile, the worst of one's links). */
export function QualityBadge({ q, compact = false }: { q: CallQuality | undefined; compact?: boolean }) {
  const word = useQualityWord();
  if (!q || q === 'unknown') return null;
  const full = <FormattedMessage id="calls.quality.badge" defaultMessage="Connection {quality}" values={{ quality: word(q) }} />;
  // The small self tile (6.5rem on a phone) has room for the bars and the word only; a screen reader still hears the whole.
  return (
    <span className={`call-badge call-quality quality-${q}`} data-call-quality={q} data-testid="tile-quality">
      <QualityBars q={q} />{SPACE}
      {compact ? (
        <>
          <span className="visually-hidden">{full}</span>
          <span aria-hidden="true">{word(q)}</span>
        </>
      ) : (
        full
      )}
    </span>
  );
}

/** "Round trip 620 ms · 5% lost · sending up to 110 kbit/s · receiving 90 kbit/s · video 180p15". */
export function LinkFigures({ link }: { link: LinkReading | null | undefined }) {
  const intl = useIntl();
  if (!link) return null;
  const n = (v: number) => intl.formatNumber(Math.round(v));
  const parts: string[] = [];
  if (link.rttMs !== null) parts.push(intl.formatMessage({ id: 'calls.panel.figures.rtt', defaultMessage: 'round trip {ms} ms' }, { ms: n(link.rttMs) }));
  if (link.lossPercent !== null) parts.push(intl.formatMessage({ id: 'calls.panel.figures.loss', defaultMessage: '{percent}% lost' }, { percent: intl.formatNumber(link.lossPercent, { maximumFractionDigits: 1 }) }));
  if (link.sendKbps !== null) parts.push(intl.formatMessage({ id: 'calls.panel.figures.send', defaultMessage: 'sending up to {kbps} kbit/s' }, { kbps: n(link.sendKbps) }));
  if (link.recvKbps !== null) parts.push(intl.formatMessage({ id: 'calls.panel.figures.recv', defaultMessage: 'receiving {kbps} kbit/s' }, { kbps: n(link.recvKbps) }));
  if (link.step) parts.push(intl.formatMessage({ id: 'calls.panel.figures.step', defaultMessage: 'your video {step}' }, { step: link.step }));
  return (
    <span className="call-figures" data-testid="link-figures" data-rtt-ms={link.rttMs ?? ''} data-loss-percent={link.lossPercent ?? ''} data-send-kbps={link.sendKbps ?? ''}>
      {intl.formatList(parts, { type: 'unit', style: 'narrow' })}
    </span>
  );
}

/**
 * Video paused for a weak link: here ("Your connection is weak…", and "Turn video back on?" once
 * it recovers) or at another person's end ("Maria's connection is weak…"). A polite live region:
 * read out when it changes, never interrupting.
 */
export function AdaptNotice({ s, engine }: { s: EngineState; engine: CallEngine }) {
  const mine = s.local.audioOnly && s.local.audioOnlyReason === 'network';
  const theirs = s.peers.filter((p) => p.reported?.audioOnly && p.reported.audioOnlyReason === 'network');
  return (
    <div className="call-notices" role="status" aria-live="polite" data-testid="call-notices">
      {mine && (
        <div className="call-notice" data-call-notice="" data-call-audio-only="network" data-who="self" data-offer={s.videoOffer ? 'true' : 'false'}>
          {s.videoOffer ? (
            <>
              <p>
                <FormattedMessage id="calls.adapt.better" defaultMessage="Your connection is better. Turn video back on?" />
              </p>
              <div className="call-notice-actions">
                <button type="button" className="btn primary" data-testid="video-back-on" onClick={() => void engine.setAudioOnly(false).catch(() => undefined)}>
                  <FormattedMessage id="calls.adapt.videoOn" defaultMessage="Turn video on" />
                </button>
                <button type="button" className="btn" data-testid="video-not-now" onClick={engine.dismissVideoOffer}>
                  <FormattedMessage id="calls.adapt.notNow" defaultMessage="Not now" />
                </button>
              </div>
            </>
          ) : (
            <p>
              <FormattedMessage id="calls.adapt.selfWeak" defaultMessage="Your connection is weak, so video is paused. You can still hear each other." />
            </p>
          )}
        </div>
      )}
      {theirs.map((p) => (
        <div key={p.peer.peerId} className="call-notice" data-call-notice="" data-call-audio-only="network" data-who="peer" data-peer-notice={p.peer.peerId}>
          <p>
            <FormattedMessage
              id="calls.adapt.peerWeak"
              defaultMessage="{name}’s connection is weak, so their video is paused. You can still hear each other."
              values={{ name: p.peer.name || <FormattedMessage id="calls.adapt.someone" defaultMessage="The other person" /> }}
            />
          </p>
        </div>
      ))}
    </div>
  );
}
