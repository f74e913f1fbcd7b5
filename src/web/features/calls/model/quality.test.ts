import { describe, expect, it } from 'vitest';
import { rateLink, worstQuality } from './quality.js';

const fine = { rttMs: 40, lossPercent: 0, jitterMs: 5, sendKbps: 2000 };

describe('the quality indicator grades a link', () => {
  it('good on a clean, fast path', () => {
    expect(rateLink(fine)).toBe('good');
  });

  it('fair past any one of the first limits, poor past any one of the second', () => {
    expect(rateLink({ ...fine, rttMs: 300 })).toBe('fair');
    expect(rateLink({ ...fine, rttMs: 650 })).toBe('poor');
    expect(rateLink({ ...fine, lossPercent: 3 })).toBe('fair');
    expect(rateLink({ ...fine, lossPercent: 10 })).toBe('poor');
    expect(rateLink({ ...fine, jitterMs: 45 })).toBe('fair');
    expect(rateLink({ ...fine, jitterMs: 120 })).toBe('poor');
    expect(rateLink({ ...fine, sendKbps: 400 })).toBe('fair');
    expect(rateLink({ ...fine, sendKbps: 120 })).toBe('poor');
  });

  it('the network profiles of issue 19 grade as a person would feel them', () => {
    // rural DSL: 1 Mbit/s, 60 ms each way, 1% loss.
    expect(rateLink({ rttMs: 125, lossPercent: 1, jitterMs: 8, sendKbps: 900 })).toBe('good');
    // weak cell: 400 kbit/s, 150 ms ± 40 ms, 3% loss.
    expect(rateLink({ rttMs: 310, lossPercent: 3, jitterMs: 40, sendKbps: 350 })).toBe('fair');
    // edge: 120 kbit/s, 300 ms, 5% loss.
    expect(rateLink({ rttMs: 620, lossPercent: 5, jitterMs: 30, sendKbps: 110 })).toBe('poor');
  });

  it('in audio only the bandwidth is judged against what the voice needs', () => {
    expect(rateLink({ ...fine, sendKbps: 120 }, false)).toBe('good');
    expect(rateLink({ ...fine, sendKbps: 50 }, false)).toBe('fair');
    expect(rateLink({ ...fine, sendKbps: 20 }, false)).toBe('poor');
  });

  it('unknown figures count as fine; nothing known is unknown', () => {
    expect(rateLink({ rttMs: null, lossPercent: null, jitterMs: null })).toBe('unknown');
    expect(rateLink({ rttMs: null, lossPercent: 4, jitterMs: null, sendKbps: null })).toBe('fair');
    expect(worstQuality(['good', 'poor', 'fair'])).toBe('poor');
    expect(worstQuality(['unknown', 'good'])).toBe('good');
    expect(worstQuality([])).toBe('unknown');
  });
});
