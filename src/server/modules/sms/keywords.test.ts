// Reply keywords (the whole message decides; case, spaces and a final . or ! ignored) and TwiML.
import { describe, expect, it } from 'vitest';
import { keywordOf, twiml } from './service.js';

describe('reply keywords and TwiML', () => {
  it.each([
    ['STOP', 'stop'],
    [' stop ', 'stop'],
    ['Stop.', 'stop'],
    ['stop all', 'stop'],
    ['STOPALL', 'stop'],
    ['Unsubscribe', 'stop'],
    ['cancel', 'stop'],
    ['END', 'stop'],
    ['quit!', 'stop'],
    ['start', 'start'],
    ['UNSTOP', 'start'],
    ['yes', 'start'],
    ['c', 'confirm'],
    [' C ', 'confirm'],
    ['Confirm', 'confirm'],
    ['help', 'help'],
    ['please stop texting me', 'other'],
    ['stopped', 'other'],
    ['c u tomorrow', 'other'],
    ['', 'other'],
  ])('%j is %s', (body, keyword) => {
    expect(keywordOf(body)).toBe(keyword);
  });

  it('escapes the text it answers with', () => {
    expect(twiml()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response></Response>');
    expect(twiml('A & B <c> "d"')).toContain('<Message>A &amp; B &lt;c&gt; &quot;d&quot;</Message>');
  });
});
