import { createIntl } from 'react-intl';
import { describe, expect, it } from 'vitest';
import es from '../es.json' with { type: 'json' };
import { initialsOf, moveCorner, nearestCorner, outcomeReason, shortcutFor, showsVideo, videoAbsence, whatHappensNext } from './callText.js';

const state = (over: Partial<{ muted: boolean; cameraOff: boolean; audioOnly: boolean; sharingScreen: boolean }> = {}) => ({ connection: 'connected' as const, muted: false, cameraOff: false, audioOnly: false, sharingScreen: false, ...over });
const live = { readyState: 'live', muted: false };

describe('the call screen in words', () => {
  it('initials come from the display name the call has', () => {
    expect(initialsOf('Dana Provider')).toBe('DP');
    expect(initialsOf('Tobias W.')).toBe('TW');
    expect(initialsOf('  marigold  ')).toBe('M');
    expect(initialsOf('Anne Marie de la Cruz')).toBe('AC');
    expect(initialsOf('Émile Zola')).toBe('ÉZ');
    expect(initialsOf('')).toBe('?');
    expect(initialsOf(null)).toBe('?');
  });

  it('video shows only while a live, unmuted track carries a camera or a screen', () => {
    expect(showsVideo({ callIsAudio: false, reported: state(), track: live })).toBe(true);
    expect(showsVideo({ callIsAudio: false, reported: null, track: live })).toBe(true);
    // The peer said so, before the track notices anything.
    expect(showsVideo({ callIsAudio: false, reported: state({ cameraOff: true }), track: live })).toBe(false);
    expect(showsVideo({ callIsAudio: false, reported: state({ audioOnly: true, cameraOff: true }), track: live })).toBe(false);
    // Sharing a screen with the camera off still shows the screen.
    expect(showsVideo({ callIsAudio: false, reported: state({ cameraOff: true, sharingScreen: true }), track: live })).toBe(true);
    // Nothing arriving (muted track), ended, no track, an audio call: the initials.
    expect(showsVideo({ callIsAudio: false, reported: state(), track: { readyState: 'live', muted: true } })).toBe(false);
    expect(showsVideo({ callIsAudio: false, reported: state(), track: { readyState: 'ended', muted: false } })).toBe(false);
    expect(showsVideo({ callIsAudio: false, reported: state(), track: null })).toBe(false);
    expect(showsVideo({ callIsAudio: true, reported: state(), track: live })).toBe(false);
    expect(videoAbsence(state({ audioOnly: true, cameraOff: true }), false).defaultMessage).toBe('Audio only');
    expect(videoAbsence({ ...state({ audioOnly: true, cameraOff: true }), audioOnlyReason: 'network' }, false).defaultMessage).toBe('Video paused: weak connection');
    expect(videoAbsence(state({ cameraOff: true }), false).defaultMessage).toBe('Camera off');
    expect(videoAbsence(null, true).defaultMessage).toBe('Audio call');
  });

  it('shortcuts are single keys, never while typing or with a modifier', () => {
    const key = (k: string, over: Partial<{ ctrlKey: boolean; metaKey: boolean; altKey: boolean; target: unknown }> = {}) => shortcutFor({ key: k, ctrlKey: false, metaKey: false, altKey: false, target: { tagName: 'BUTTON' }, ...over });
    expect(key('m')).toBe('mute');
    expect(key('M')).toBe('mute');
    expect(key('v')).toBe('camera');
    expect(key('c')).toBe('chat');
    expect(key('x')).toBeNull();
    expect(key('m', { ctrlKey: true })).toBeNull();
    expect(key('m', { metaKey: true })).toBeNull();
    expect(key('m', { target: { tagName: 'INPUT' } })).toBeNull();
    expect(key('m', { target: { tagName: 'TEXTAREA' } })).toBeNull();
    expect(key('m', { target: { tagName: 'DIV', isContentEditable: true } })).toBeNull();
  });

  it('the self-view moves between corners', () => {
    expect(moveCorner('bottom-right', 'ArrowUp')).toBe('top-right');
    expect(moveCorner('top-right', 'ArrowLeft')).toBe('top-left');
    expect(moveCorner('top-left', 'ArrowDown')).toBe('bottom-left');
    expect(moveCorner('bottom-left', 'ArrowRight')).toBe('bottom-right');
    expect(moveCorner('bottom-left', 'Enter')).toBe('bottom-left');
    expect(nearestCorner(10, 10, 800, 600)).toBe('top-left');
    expect(nearestCorner(790, 590, 800, 600)).toBe('bottom-right');
    expect(nearestCorner(500, 100, 800, 600)).toBe('top-right');
  });

  it('what happens next follows who waits in the waiting room', () => {
    expect(whatHappensNext('client', 'scheduled').defaultMessage).toMatch(/wait in the waiting room until your provider lets you in/);
    expect(whatHappensNext('client', 'scheduled', true).defaultMessage).not.toMatch(/waiting room until/);
    expect(whatHappensNext('client', 'call_now').defaultMessage).toMatch(/straight into the call/);
    expect(whatHappensNext('staff', 'call_now').defaultMessage).toMatch(/rung in their portal/);
    expect(whatHappensNext('staff', 'scheduled').defaultMessage).toMatch(/Admit/);
    expect(whatHappensNext('staff', null).defaultMessage).toMatch(/at once/);
  });

  it("why someone is out of the call is worded by the socket's code, the server's English only for an unknown code", () => {
    const spanish = createIntl({ locale: 'es-US', messages: es, timeZone: 'UTC', onError: (e) => { throw e; } });
    const words = (code: string, message: string) => {
      const r = outcomeReason({ code, message });
      return typeof r === 'string' ? r : spanish.formatMessage(r);
    };
    expect(words('replaced', 'You joined this call from another window')).toMatch(/^Usted se unió a esta llamada desde otra ventana/);
    expect(words('call_over', 'This call has ended')).toBe('Esta llamada ya terminó.');
    expect(words('room_full', 'This call already has 4 people')).toBe('Esta llamada ya tiene el número máximo de participantes.');
    expect(words('not_found', 'callId: no such call for you')).toMatch(/^Esta llamada no existe/);
    expect(words('session_ended', 'Your session ended. Sign in again to rejoin.')).toMatch(/^Su sesión terminó/);
    expect(words('closed', 'The connection was closed.')).toBe('Se cerró la conexión.');
    expect(words('something_new', 'A reason this page has no words for')).toBe('A reason this page has no words for');
    // An inherited name is no code.
    expect(words('toString', 'kept')).toBe('kept');
  });
});
