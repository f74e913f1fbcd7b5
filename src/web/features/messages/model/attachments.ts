// How forms name a message's attachments, in the page's language.
import { defineMessages, type IntlShape, type MessageDescriptor } from 'react-intl';
import { MAX_ATTACHMENTS } from '../../../../shared/messages.js';

const m: Record<'all' | 'one', MessageDescriptor> = defineMessages({
  all: { id: 'messages.attach.label.all', defaultMessage: 'Attached files' },
  one: { id: 'messages.attach.label.one', defaultMessage: 'Attached file {n}' },
});

/** How a form's error summary names a message's attachments (the API names them documentIds.N). */
export function attachmentLabels(intl: IntlShape): Record<string, string> {
  return Object.fromEntries([
    ['documentIds', intl.formatMessage(m.all)],
    ...Array.from({ length: MAX_ATTACHMENTS }, (_, i) => [`documentIds.${i}`, intl.formatMessage(m.one, { n: i + 1 })]),
  ]);
}

/** The first error a form holds about a message's attachments. */
export const attachmentError = (errors: Record<string, string>) => Object.entries(errors).find(([k]) => k === 'documentIds' || k.startsWith('documentIds.'))?.[1];
