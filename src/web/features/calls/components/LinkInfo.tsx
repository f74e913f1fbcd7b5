// The connection's quality and encryption in words (never colour alone), for the call's panel and
// the device check's test call: apart from ./MediaKit.tsx, so the pre-join (a join link's first
// screen) does not download the stats reduction behind them.
import { useIntl } from 'react-intl';
import { QualityBars, useQualityWord } from './Adaptation.js';
import type { CallQuality, CallStats } from '../model/stats.js';

// Marks, not words (no translation): an ellipsis while the figures load, and a space.
const ELLIPSIS = '…';
const SPACE = ' ';

/** "Connection: good" with a signal-bars glyph and, when known, the figures behind it. */
export function QualityIndicator({ stats, testId = 'call-quality' }: { stats: CallStats | null; testId?: string }) {
  const intl = useIntl();
  const word = useQualityWord();
  const q: CallQuality = stats?.quality ?? 'unknown';
  const n = (v: number) => intl.formatNumber(Math.round(v));
  const facts: string[] = [];
  if (stats?.rttMs != null) facts.push(intl.formatMessage({ id: 'calls.quality.rtt', defaultMessage: 'round trip {ms} ms' }, { ms: n(stats.rttMs) }));
  if (stats?.packetsLostPercent != null) facts.push(intl.formatMessage({ id: 'calls.quality.loss', defaultMessage: '{percent}% lost' }, { percent: intl.formatNumber(stats.packetsLostPercent, { maximumFractionDigits: 1 }) }));
  if (stats?.jitterMs != null) facts.push(intl.formatMessage({ id: 'calls.quality.jitter', defaultMessage: 'jitter {ms} ms' }, { ms: n(stats.jitterMs) }));
  if (stats?.recvKbps != null) facts.push(intl.formatMessage({ id: 'calls.quality.recv', defaultMessage: 'receiving {kbps} kbit/s' }, { kbps: n(stats.recvKbps) }));
  if (stats?.sendKbps != null) facts.push(intl.formatMessage({ id: 'calls.quality.send', defaultMessage: 'sending up to {kbps} kbit/s' }, { kbps: n(stats.sendKbps) }));
  const relay = stats?.candidateType.local === 'relay' || stats?.candidateType.remote === 'relay';
  if (relay || stats?.candidateType.local) facts.push(intl.formatMessage({ id: 'calls.quality.path', defaultMessage: '{relay, select, yes {through the relay} other {direct}}' }, { relay: relay ? 'yes' : 'no' }));
  return (
    <p className={`quality quality-${q}`} data-testid={testId} data-quality={q}>
      <QualityBars q={q} /> {intl.formatMessage({ id: 'calls.quality.connection', defaultMessage: 'Connection: {quality}' }, { quality: word(q) })}
      {facts.length ? <span className="muted">{intl.formatMessage({ id: 'calls.quality.facts', defaultMessage: ' ({facts})' }, { facts: intl.formatList(facts, { type: 'unit', style: 'narrow' }) })}</span> : null}
    </p>
  );
}

/** The encryption actually negotiated for the call's media. */
export function EncryptionInfo({ stats, testId = 'call-encryption' }: { stats: CallStats | null; testId?: string }) {
  const intl = useIntl();
  const d = stats?.dtls ?? null;
  const known = d !== null && (d.tlsVersion !== null || d.srtpCipher !== null);
  return (
    <p className="encryption" data-testid={testId} data-known={known ? 'true' : 'false'}>
      {known ? (
        <svg className="lock-icon" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true" focusable="false">
          <rect x="5" y="11" width="14" height="10" rx="2" />
          <path d="M8 11V8a4 4 0 0 1 8 0v3" />
        </svg>
      ) : (
        <span aria-hidden="true">{ELLIPSIS}</span>
      )}{SPACE}
      {known
        ? intl.formatMessage({ id: 'calls.quality.encrypted', defaultMessage: 'Encrypted: {how}' }, { how: [d.tlsVersion, d.srtpCipher].filter(Boolean).join(', ') })
        : intl.formatMessage({ id: 'calls.quality.encryptionUnknown', defaultMessage: 'Encryption: not yet known' })}
      {known && d.dtlsCipher ? <span className="muted"> {intl.formatMessage({ id: 'calls.quality.keyExchange', defaultMessage: '(key exchange {cipher})' }, { cipher: d.dtlsCipher })}</span> : null}
    </p>
  );
}
