// Staff-only parts of the call's side panel: the start-of-session safety check (prefilled from
// the client's emergency contact on file when this staff member's role may read it) and "what
// happened" (the call's events, read again as they arrive).
import { useEffect, useState } from 'react';
import type { CallEvent, CallRecord } from '../../../../shared/calls.js';
import { isApiError } from '../../../api/client.js';
import { fetchCallRecord } from '../api/audience.js';
import { fetchCallClient, saveSafetyCheck } from '../api/safetyCheck.js';
import { EVENT_WORDS } from '../model/callText.js';
import { loadPhoneFormat, usePhoneFormat } from '../../../components/phone.js';

/** The call record, read again whenever a new event arrives (`live`). */
export function useCallRecord(callId: string | null, live: CallEvent[]): { record: CallRecord | null; setRecord: (r: CallRecord) => void; error: string | null } {
  const [record, setRecord] = useState<CallRecord | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!callId) return;
    let alive = true;
    fetchCallRecord(callId).then(
      (r) => alive && setRecord(r),
      (e: unknown) => alive && setError(isApiError(e) ? e.message : 'Could not load the call record'),
    );
    return () => {
      alive = false;
    };
  }, [callId, live.length]);
  return { record, setRecord, error };
}

/** clientAtHome starts unanswered (null): the provider must ask, not accept a default. */
type SafetyForm = { location: string; clientAtHome: boolean | null; emergencyContactName: string; emergencyContactPhone: string; confirmed: boolean };
type SafetyField = 'location' | 'emergencyContactName' | 'emergencyContactPhone';

/** The emergency contact on file for the call's client (null: none, or this role may not see it). */
function usePrefill(clientId: string | null, apply: (name: string, phone: string) => void) {
  const [onFile, setOnFile] = useState<boolean | null>(null);
  useEffect(() => {
    if (!clientId) return;
    let alive = true;
    Promise.all([fetchCallClient(clientId), loadPhoneFormat()]).then(
      ([c, formatPhone]) => {
        if (!alive) return;
        setOnFile(c.emergencyContact !== null);
        if (c.emergencyContact) apply(c.emergencyContact.name, formatPhone(c.emergencyContact.phone));
      },
      () => alive && setOnFile(false),
    );
    return () => {
      alive = false;
    };
  }, [clientId]); // eslint-disable-line react-hooks/exhaustive-deps
  return onFile;
}

export function SafetySection({ callId, record, setRecord }: { callId: string; record: CallRecord | null; setRecord: (r: CallRecord) => void }) {
  const [form, setForm] = useState<SafetyForm>({ location: '', clientAtHome: null, emergencyContactName: '', emergencyContactPhone: '', confirmed: false });
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const clientId = record?.clients[0]?.id ?? null;
  const formatPhone = usePhoneFormat();
  const onFile = usePrefill(clientId, (name, phone) => setForm((f) => ({ ...f, emergencyContactName: f.emergencyContactName || name, emergencyContactPhone: f.emergencyContactPhone || phone })));

  const save = async () => {
    setFieldErrors({});
    try {
      setRecord(await saveSafetyCheck(callId, form));
    } catch (e) {
      if (!isApiError(e)) return setFieldErrors({ form: 'The safety check could not be saved; try again.' });
      const errs: Record<string, string> = {};
      for (const i of e.issues ?? []) errs[i.field] = i.message;
      if (e.field && !errs[e.field]) errs[e.field] = e.message;
      if (!Object.keys(errs).length) errs.form = e.message;
      setFieldErrors(errs);
    }
  };
  const field = (name: SafetyField, label: string, autoComplete = 'off') => (
    <div className="field">
      <label htmlFor={`safety-${name}`}>{label}</label>
      <input id={`safety-${name}`} autoComplete={autoComplete} value={form[name]} onChange={(e) => setForm({ ...form, [name]: e.target.value })} aria-invalid={!!fieldErrors[name]} aria-describedby={fieldErrors[name] ? `safety-${name}-error` : undefined} />
      {fieldErrors[name] && (
        <p id={`safety-${name}-error`} className="field-error">
          {fieldErrors[name]}
        </p>
      )}
    </div>
  );
  // Answering clears the question's error at once: a stale "choose Yes or No" under a chosen Yes misleads.
  const answerAtHome = (value: boolean) => {
    setForm({ ...form, clientAtHome: value });
    setFieldErrors(({ clientAtHome: _answered, ...rest }) => rest);
  };
  // Yes / No as two large radio buttons in one named group (a fieldset): the answer codes the visit's place of service.
  const atHome = (
    <fieldset className="call-yesno" aria-describedby={fieldErrors.clientAtHome ? 'safety-clientAtHome-error' : undefined}>
      <legend>Is the client at home?</legend>
      <div className="call-yesno-options">
        {([
          [true, 'Yes'],
          [false, 'No'],
        ] as const).map(([value, label]) => (
          <label key={label} className="call-yesno-option">
            <input type="radio" name="safety-clientAtHome" checked={form.clientAtHome === value} onChange={() => answerAtHome(value)} /> {label}
          </label>
        ))}
      </div>
      {fieldErrors.clientAtHome && (
        <p id="safety-clientAtHome-error" className="field-error">
          {fieldErrors.clientAtHome}
        </p>
      )}
    </fieldset>
  );
  const done = record?.safetyCheck;
  const whereDone = done ? (done.clientAtHome === null ? '' : done.clientAtHome ? ' (at home)' : ' (not at home)') : '';
  return (
    <section aria-labelledby="safety-title" data-testid="safety-check">
      <h2 id="safety-title">Safety check</h2>
      {done ? (
        <p data-testid="safety-done">
          Confirmed at {new Date(done.confirmedAt).toLocaleTimeString()}: {done.location}
          {whereDone}; emergency contact {done.emergencyContactName}, {formatPhone(done.emergencyContactPhone)}.
        </p>
      ) : (
        <form
          className="call-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <p>Confirm with the client where they are right now and who to call in an emergency.</p>
          {field('location', 'Client’s current location')}
          {atHome}
          {onFile ? <p className="hint" data-testid="safety-prefilled">Emergency contact filled in from the client’s record: confirm it is still right.</p> : null}
          {field('emergencyContactName', 'Emergency contact name')}
          {field('emergencyContactPhone', 'Emergency contact phone')}
          <label className="call-check">
            <input type="checkbox" checked={form.confirmed} onChange={(e) => setForm({ ...form, confirmed: e.target.checked })} aria-describedby={fieldErrors.confirmed ? 'safety-confirmed-error' : undefined} /> I confirmed both with the client
          </label>
          {fieldErrors.confirmed && (
            <p id="safety-confirmed-error" className="field-error">
              {fieldErrors.confirmed}
            </p>
          )}
          {fieldErrors.form && (
            <p role="alert" className="field-error">
              {fieldErrors.form}
            </p>
          )}
          <button type="submit" className="btn primary">
            Save safety check
          </button>
        </form>
      )}
    </section>
  );
}

export function WhatHappened({ record, error }: { record: CallRecord | null; error: string | null }) {
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">What happened</h2>
      {error && <p role="alert">{error}</p>}
      <ol className="call-steps" data-testid="call-steps">
        {(record?.events ?? []).map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{new Date(e.at).toLocaleTimeString([], { hour: 'numeric', minute: '2-digit' })}</time> {EVENT_WORDS[e.type]}
            {e.detail ? ` (${e.detail})` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}
