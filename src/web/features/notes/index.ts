// The notes feature's public face: a note's page (draft editor with autosave, signed view with
// addenda), starting a note for an appointment, the missing-note list, note templates, the client
// page's Notes section and an appointment's "Notes" links.
export { NoteEditorPage } from './components/NoteEditorPage.js';
export { NewNotePage } from './components/NewNotePage.js';
export { MissingNotesPage } from './components/MissingNotesPage.js';
export { NoteTemplatesPage, NoteTemplatesSection } from './components/NoteTemplatesPage.js';
export { ClientNotesPanel } from './components/ClientNotesPanel.js';
export { AppointmentNoteLinks } from './components/links.js';
export { SupervisionSection } from './components/SupervisionSection.js';

// The staff app's routes load this feature's pages on first visit (app/staff/routes.tsx).
export const loadNoteEditorPage = () => import('./components/NoteEditorPage.js');
export const loadNewNotePage = () => import('./components/NewNotePage.js');
export const loadMissingNotesPage = () => import('./components/MissingNotesPage.js');
export const loadNoteTemplatesPage = () => import('./components/NoteTemplatesPage.js');
