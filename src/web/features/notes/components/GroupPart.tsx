// A group visit's shared part (one per appointment, shown in every client's note): written from any
// of the visit's draft notes with an explicit Save (the version last seen; a stale one says so and
// reloads), read-only once a client's note is signed (it is then part of that signature).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { z } from 'zod';
import { GROUP_NOTE_FIELDS, GroupNote, type Note } from '../../../../shared/notes.js';
import type { Answers } from '../../../../shared/fields.js';
import { api, isApiError } from '../../../api/client.js';
import { FieldsForm, issuesToErrors, type FieldErrorMap } from '../../../components/FieldsForm.js';
import { useStaffRead } from '../../../lib/retry.js';
import { NOTES_KEY } from '../api/notes.js';
import { clockText } from '../model/labels.js';

const Visit = z.object({ clients: z.array(z.object({ id: z.string() })) }).passthrough();
const groupPath = (appointmentId: string) => `/api/appointments/${encodeURIComponent(appointmentId)}/group-note`;

/** The shared part of the note's appointment when it is a group visit, else nothing. */
export function GroupPart({ note }: { note: Note }) {
  const visit = useQuery({ queryKey: ['appointments', 'one', note.appointmentId, 'clients'], queryFn: ({ signal }) => api.get(`/api/appointments/${encodeURIComponent(note.appointmentId)}`, Visit, { signal }), retry: false });
  const group = note.shared !== null || (visit.data?.clients.length ?? 0) > 1;
  if (!group) return null;
  if (note.status !== 'draft') {
    return (
      <section aria-labelledby="group-h" className="card note-locked" data-testid="note-group">
        <h2 id="group-h">Shared part of the group visit</h2>
        <FieldsForm fields={GROUP_NOTE_FIELDS} value={note.shared ?? {}} readOnly testIdPrefix="group-field-" />
      </section>
    );
  }
  return <GroupEditor appointmentId={note.appointmentId} />;
}

function GroupEditor({ appointmentId }: { appointmentId: string }) {
  const key = [...NOTES_KEY, 'group', appointmentId];
  const group = useStaffRead(key, groupPath(appointmentId), GroupNote, { staleTime: 0 });
  return (
    <section aria-labelledby="group-h" className="card" data-testid="note-group">
      <h2 id="group-h">Shared part of the group visit</h2>
      <p className="field-description">Written once for the whole group and shown in every client's note; it locks when the first client's note is signed.</p>
      {group.isSuccess ? <GroupForm g={group.data} path={groupPath(appointmentId)} queryKey={key} /> : group.isError ? <p className="field-error">Couldn't load the shared part.</p> : <p role="status" className="loading">Loading the shared part…</p>}
    </section>
  );
}

function GroupForm({ g, path, queryKey }: { g: GroupNote; path: string; queryKey: readonly unknown[] }) {
  const qc = useQueryClient();
  const [fields, setFields] = useState<Answers>(g.fields);
  const [errors, setErrors] = useState<FieldErrorMap>({});
  const [state, setState] = useState<string>(g.version ? 'Saved' : 'Not written yet');
  const [busy, setBusy] = useState(false);
  const [stale, setStale] = useState(false);
  if (g.lockedAt) return <FieldsForm fields={g.template} value={g.fields} readOnly testIdPrefix="group-field-" />;
  const save = async () => {
    setBusy(true);
    setState('Saving…');
    try {
      const next = await api.put(path, { version: g.version, fields }, GroupNote);
      qc.setQueryData(queryKey, next);
      setState(`Saved ${clockText(new Date().toISOString())}`);
    } catch (e) {
      if (isApiError(e) && e.status === 409) {
        setStale(true);
        setState('Not saved: someone else saved the shared part meanwhile. Copy what you need, then load theirs.');
      } else {
        setErrors(isApiError(e) ? issuesToErrors(e.issues) : {});
        setState(isApiError(e) ? `Not saved: ${e.message}` : "Not saved: couldn't reach Hearth.");
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <FieldsForm fields={g.template} value={fields} onChange={setFields} errors={errors} testIdPrefix="group-field-" />
      <div className="actions">
        <Button className="btn" onPress={() => void save()} isDisabled={busy || stale} data-testid="note-group-save">
          Save shared part
        </Button>
        {stale ? (
          <Button
            className="btn"
            onPress={() =>
              void qc.invalidateQueries({ queryKey }).then(() => {
                const fresh = qc.getQueryData<GroupNote>(queryKey);
                if (fresh) setFields(fresh.fields);
                setStale(false);
                setState('Loaded the saved shared part.');
              })
            }
            data-testid="note-group-reload"
          >
            Load the saved shared part
          </Button>
        ) : null}
        <span role="status" data-testid="note-group-state">
          {state}
        </span>
      </div>
    </>
  );
}
