// Notes over the API (src/shared/notes.ts): a client's or an appointment's notes, one note, the
// missing-note list, the note templates, and what changes a note (start, save a draft, sign,
// co-sign, add an addendum). A change puts the answered note in the cache and refreshes the lists.
import { useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { MissingNoteList, Note, NoteList, NoteTemplateList, type NoteCreate, type NoteTemplateCreate } from '../../../../shared/notes.js';
import type { Answers } from '../../../../shared/fields.js';
import { Supervision } from '../../../../shared/records.js';
import { api } from '../../../api/client.js';
import { useStaffRead } from '../../../lib/retry.js';

export const NOTES_KEY = ['notes'] as const;
export const noteKeys = {
  all: NOTES_KEY,
  one: (id: string) => [...NOTES_KEY, 'one', id] as const,
  list: (q: { clientId?: string; appointmentId?: string; cosign?: 'mine' }) => [...NOTES_KEY, 'list', q] as const,
  missing: (providerId: string) => [...NOTES_KEY, 'missing', providerId] as const,
  templates: [...NOTES_KEY, 'templates'] as const,
};

export const notePath = (id: string) => `/api/notes/${encodeURIComponent(id)}`;

export function useNote(id: string) {
  return useStaffRead(noteKeys.one(id), notePath(id), Note, { staleTime: 0 });
}

export function useNoteList(q: { clientId?: string; appointmentId?: string; cosign?: 'mine' }) {
  const qs = new URLSearchParams(Object.entries(q).filter(([, v]) => v) as [string, string][]);
  return useStaffRead(noteKeys.list(q), `/api/notes?${qs.toString()}`, NoteList);
}

export function useMissingNotes(providerId: string) {
  const qs = new URLSearchParams(providerId ? { providerId } : {});
  return useStaffRead(noteKeys.missing(providerId), `/api/notes/missing?${qs.toString()}`, MissingNoteList);
}

export function useNoteTemplates() {
  return useStaffRead(noteKeys.templates, '/api/note-templates', NoteTemplateList);
}

const Created = z.object({ id: z.string() }).passthrough();

/** The draft save: PATCH with the version last seen (the caller handles 409 and network failures). */
export function patchNote(id: string, version: number, fields: Answers, background: boolean): Promise<Note> {
  return api.patch(notePath(id), { version, fields }, Note, { background });
}

export function fetchNote(id: string): Promise<Note> {
  return api.get(notePath(id), Note);
}

export function useNoteActions() {
  const qc = useQueryClient();
  const done = async (n: Note) => {
    qc.setQueryData(noteKeys.one(n.id), n);
    await qc.invalidateQueries({ queryKey: NOTES_KEY, predicate: (q) => q.queryKey[1] !== 'one' });
    return n;
  };
  return {
    create: async (body: NoteCreate) => {
      const { id } = await api.post('/api/notes', body, Created);
      await qc.invalidateQueries({ queryKey: NOTES_KEY });
      return id;
    },
    saved: (n: Note) => qc.setQueryData(noteKeys.one(n.id), n),
    sign: async (id: string, version: number) => done(await api.post(`${notePath(id)}/sign`, { version }, Note)),
    cosign: async (id: string) => done(await api.post(`${notePath(id)}/cosign`, {}, Note)),
    addAddendum: async (id: string, text: string) => done(await api.post(`${notePath(id)}/addenda`, { text }, Note)),
    createTemplate: async (body: NoteTemplateCreate) => {
      const { id } = await api.post('/api/note-templates', body, Created);
      await qc.invalidateQueries({ queryKey: noteKeys.templates });
      return id;
    },
  };
}

// ---- supervision (who co-signs a pre-licensed clinician's notes) ----

const SUPERVISION_KEY = ['supervision'] as const;

export function useSupervision() {
  return useStaffRead(SUPERVISION_KEY, '/api/practice/supervision', Supervision);
}

export function useProviders() {
  return useStaffRead(['practice-providers'], '/api/practice/providers', z.object({ providers: z.array(z.object({ id: z.string(), name: z.string() })) }));
}

export function useSetSupervisor() {
  const qc = useQueryClient();
  return async (clinicianId: string, supervisorId: string | null) => {
    const next = await api.put(`/api/practice/supervision/${encodeURIComponent(clinicianId)}`, { supervisorId }, Supervision);
    qc.setQueryData(SUPERVISION_KEY, next);
    return next;
  };
}
