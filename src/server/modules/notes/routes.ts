// Clinical notes' routes (the public contract of issue 18): validate, call the service. Every /api
// answer is `Cache-Control: no-store` (plugins/security.ts).
import type { FastifyInstance } from 'fastify';
import { IdParams } from '../../../shared/api.js';
import {
  AddendumCreate,
  GroupNote,
  GroupNotePut,
  MissingNoteList,
  MissingNoteQuery,
  Note,
  NoteCreate,
  NoteList,
  NotePatch,
  NoteQuery,
  NoteSign,
  NoteTemplate,
  NoteTemplateCreate,
  NoteTemplateList,
} from '../../../shared/notes.js';
import { z } from 'zod';
import { routesOf } from '../../http/route.js';
import { sessionOf } from '../../plugins/auth.js';
import type { NoteService } from './service.js';

export function noteRoutes(app: FastifyInstance, notes: NoteService) {
  const route = routesOf(app, ['notes']);

  route.get('/api/note-templates', { access: 'records.read', summary: "Note templates: the built-in SOAP, DAP and BIRP and the practice's own", response: NoteTemplateList }, async (req) => notes.templates.list(sessionOf(req)));
  route.post('/api/note-templates', { access: 'records.templates.write', summary: 'Make a note template from typed fields (never changed after; audited)', body: NoteTemplateCreate, status: 201, response: NoteTemplate }, async (req) =>
    notes.templates.create(sessionOf(req), req.body, req.meta),
  );

  route.get('/api/notes/missing', { access: 'records.read', summary: "Attended appointments without a signed progress note (a provider's own; an owner's: anyone's)", querystring: MissingNoteQuery, response: MissingNoteList }, async (req) =>
    notes.missing(sessionOf(req), req.query, req.meta),
  );
  route.get('/api/notes', { access: 'records.read', summary: "Notes of an appointment or a client, without content (another's psychotherapy notes are never listed; audited)", querystring: NoteQuery, response: NoteList }, async (req) =>
    notes.list(sessionOf(req), req.query, req.meta),
  );
  route.post('/api/notes', { access: 'records.write', summary: "Start a progress or psychotherapy note of an appointment's client from a template (one of each kind per appointment and client; audited)", body: NoteCreate, status: 201, response: z.object({ id: z.string() }) }, async (req) =>
    notes.create(sessionOf(req), req.body, req.meta),
  );
  route.get('/api/notes/:id', { access: 'records.read', summary: "A note with its content, addenda and integrity check (a psychotherapy note: its author only; audited)", params: IdParams, response: Note }, async (req) =>
    notes.get(sessionOf(req), req.params.id, req.meta),
  );
  route.patch('/api/notes/:id', { access: 'records.write', summary: 'Save a draft at the version last seen (a signed note answers 409; audited)', params: IdParams, body: NotePatch, response: Note }, async (req) =>
    notes.patch(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.post('/api/notes/:id/sign', { access: 'records.write', summary: "Sign and lock a complete draft (its author; a pre-licensed clinician's note then awaits co-signature; audited)", params: IdParams, body: NoteSign, response: Note }, async (req) =>
    notes.sign(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.post('/api/notes/:id/addenda', { access: 'records.write', summary: 'Append a signed, dated addendum to a signed note (audited)', params: IdParams, body: AddendumCreate, status: 201, response: Note }, async (req) =>
    notes.addAddendum(sessionOf(req), req.params.id, req.body, req.meta),
  );
  route.post('/api/notes/:id/cosign', { access: 'records.write', summary: "Co-sign a pre-licensed clinician's signed note (the supervisor named on it; audited)", params: IdParams, response: Note }, async (req) =>
    notes.cosign(sessionOf(req), req.params.id, req.meta),
  );

  route.get('/api/appointments/:id/group-note', { access: 'records.read', summary: "A group visit's shared note part (audited)", params: IdParams, response: GroupNote }, async (req) =>
    notes.groups.get(sessionOf(req), req.params.id, req.meta),
  );
  route.put('/api/appointments/:id/group-note', { access: 'records.write', summary: "Write a group visit's shared note part (version 0 creates it; locked once a client's note is signed; audited)", params: IdParams, body: GroupNotePut, response: GroupNote }, async (req) =>
    notes.groups.put(sessionOf(req), req.params.id, req.body, req.meta),
  );
}
