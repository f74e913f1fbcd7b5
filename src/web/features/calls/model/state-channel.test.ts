// A peer's state from the media path is shown only when it has MediaState's shape, nothing more.
import { describe, expect, it } from 'vitest';
import { isMediaState } from './state-channel.js';

const OK = { connection: 'connected', audioOnly: true, audioOnlyReason: 'network', muted: false, cameraOff: false, sharingScreen: false };

describe('isMediaState', () => {
  it('takes what engine.reportState sends', () => {
    expect(isMediaState(OK)).toBe(true);
    const { audioOnlyReason: _r, ...chosenless } = OK;
    expect(isMediaState({ ...chosenless, audioOnly: false })).toBe(true);
  });
  it('refuses anything else a peer could send', () => {
    expect(isMediaState(null)).toBe(false);
    expect(isMediaState([OK])).toBe(false);
    expect(isMediaState({ ...OK, connection: 'great' })).toBe(false);
    expect(isMediaState({ ...OK, muted: 'no' })).toBe(false);
    expect(isMediaState({ ...OK, audioOnlyReason: 'because' })).toBe(false);
    expect(isMediaState({ ...OK, name: 'Mallory' })).toBe(false);
    const { cameraOff: _c, ...missing } = OK;
    expect(isMediaState(missing)).toBe(false);
  });
});
