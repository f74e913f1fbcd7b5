// The notes module's public face: clinical notes (progress and psychotherapy), their templates, a
// group visit's shared part and the missing-note list (docs/records.md). It adds its section
// (progress notes only) to the clients module's record export when it is built.
import { defineModule } from '../contract.js';
import { NoteService } from './service.js';

export { NoteService } from './service.js';
export { canonical } from './seal.js';
export { verifyNotes } from './present.js';

declare module '../contract.js' {
  interface ServiceRegistry {
    /** Notes: progress and psychotherapy notes, templates, signing, addenda, co-signing. */
    notes: NoteService;
  }
}

export const notesModule = defineModule({
  name: 'notes',
  needs: ['records', 'clients', 'scheduling', 'calls'],
  build: (ctx, { records, clients, scheduling, calls }) => {
    const notes = new NoteService(ctx, { records, clients, scheduling, heldCalls: (practiceId, ids) => calls.service.billingFacts(practiceId, ids) });
    clients.exportSections.add('notes', (s, clientId, meta) => notes.exportSection(s, clientId, meta));
    return notes;
  },
  routes: async (app, notes) => (await import('./routes.js')).noteRoutes(app, notes),
});
