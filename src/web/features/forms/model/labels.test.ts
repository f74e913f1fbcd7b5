// The forms feature's plain rules: what is pending and in which order, when a form needs a
// signature, Today's count in words, and when a signature is complete enough to send.
import { describe, expect, it } from 'vitest';
import type { FieldDef } from '../../../../shared/fields.js';
import type { FormRequestSummary } from '../../../../shared/forms.js';
import { emptySignature, signatureAnswer } from '../../../components/SignaturePad.js';
import { answerFields, formsCountText, isPending, needsSignature, sortRequests, statusLine } from './labels.js';

const req = (id: string, status: FormRequestSummary['status'], sentAt: string, completedAt: string | null = null): FormRequestSummary => ({
  id,
  clientId: 'c1',
  templateId: 't1',
  name: id,
  kind: 'intake',
  version: 1,
  status,
  via: 'staff',
  appointmentId: null,
  sentAt,
  completedAt,
});

describe('forms model', () => {
  it('lists pending forms first (oldest first), then completed (newest first), cancelled last', () => {
    const items = [req('done-old', 'completed', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'), req('cancelled', 'cancelled', '2026-01-01T00:00:00Z'), req('new', 'sent', '2026-02-01T00:00:00Z'), req('done-new', 'completed', '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z'), req('started', 'in_progress', '2026-01-15T00:00:00Z')];
    expect(sortRequests(items).map((r) => r.id)).toEqual(['started', 'new', 'done-new', 'done-old', 'cancelled']);
    expect(items.filter(isPending).map((r) => r.id)).toEqual(['new', 'started']);
  });

  it('a form needs a signature when it has a signature field or consent wording', () => {
    const text: FieldDef = { key: 'where', label: 'Where', kind: 'text', required: true, multiline: true, maxLength: 200 };
    const sig: FieldDef = { key: 'signature', label: 'Signature', kind: 'signature', required: true };
    expect(needsSignature([text], null)).toBe(false);
    expect(needsSignature([text], '  ')).toBe(false);
    expect(needsSignature([text], '# Consent')).toBe(true);
    expect(needsSignature([text, sig], null)).toBe(true);
    expect(answerFields([text, sig]).map((f) => f.key)).toEqual(['where']);
  });

  it("says Today's forms count in words", () => {
    expect(formsCountText({ pending: 0, completed: 0 })).toBeNull();
    expect(formsCountText({ pending: 0, completed: 2 })).toEqual({ text: 'Forms complete', tone: 'ok' });
    expect(formsCountText({ pending: 1, completed: 1 })).toEqual({ text: '1 form pending', tone: 'warn' });
    expect(formsCountText({ pending: 3, completed: 0 })?.text).toBe('3 forms pending');
  });

  it('says when a form was sent and completed', () => {
    expect(statusLine(req('a', 'completed', '2026-12-01T15:00:00Z', '2026-12-03T15:00:00Z'))).toBe('Sent Dec 1, 2026 · completed Dec 3, 2026');
    expect(statusLine({ ...req('b', 'sent', '2026-12-01T15:00:00Z'), via: 'first_booking' })).toBe('Sent Dec 1, 2026 with the first booking');
  });

  it('a signature is complete with a typed name and a drawing, or a typed name the signer agreed to as their signature', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    expect(signatureAnswer(emptySignature)).toBeNull();
    expect(signatureAnswer({ typedName: 'Ada Lovelace', image: null, typedAgreed: false, drawn: false })).toBeNull();
    expect(signatureAnswer({ typedName: '  ', image: png, typedAgreed: false, drawn: true })).toBeNull();
    expect(signatureAnswer({ typedName: ' Ada Lovelace ', image: png, typedAgreed: false, drawn: true })).toEqual({ typedName: 'Ada Lovelace', image: png });
    // A mark made from the typed name counts only once the signer agreed.
    expect(signatureAnswer({ typedName: 'Ada Lovelace', image: png, typedAgreed: false, drawn: false })).toBeNull();
    expect(signatureAnswer({ typedName: 'Ada Lovelace', image: png, typedAgreed: true, drawn: false })).toEqual({ typedName: 'Ada Lovelace', image: png });
  });
});
