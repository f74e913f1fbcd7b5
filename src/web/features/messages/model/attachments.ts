// How forms name a message's attachments.
import { MAX_ATTACHMENTS } from '../../../../shared/messages.js';

/** How a form's error summary names a message's attachments (the API names them documentIds.N). */
export const ATTACHMENT_LABELS: Record<string, string> = Object.fromEntries([
  ['documentIds', 'Attached files'],
  ...Array.from({ length: MAX_ATTACHMENTS }, (_, i) => [`documentIds.${i}`, `Attached file ${i + 1}`]),
]);

/** The first error a form holds about a message's attachments. */
export const attachmentError = (errors: Record<string, string>) => Object.entries(errors).find(([k]) => k === 'documentIds' || k.startsWith('documentIds.'))?.[1];
