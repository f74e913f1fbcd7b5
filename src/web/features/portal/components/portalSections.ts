// The sections of a client record in the portal (Messages, Documents, …), in the order the home
// screen's practice card and the record's navigation list them; shared by ./PortalHome.tsx and
// ./PortalPages.tsx without either page's code riding on the other's first load.
import { defineMessages, type MessageDescriptor } from 'react-intl';
import type { z } from 'zod';
import type { PortalLink } from '../../../../shared/portal.js';

type PortalLinkT = z.infer<typeof PortalLink>;

export const displayName = (l: PortalLinkT) => l.preferredName ?? l.firstName;

/** The sections' names (the pages' headings use them too). */
export const SECTION_WORDS = defineMessages({
  messages: { id: 'portal.section.messages', defaultMessage: 'Messages' },
  documents: { id: 'portal.section.documents', defaultMessage: 'Documents' },
  appointments: { id: 'portal.section.appointments', defaultMessage: 'Appointments' },
  billing: { id: 'portal.section.billing', defaultMessage: 'Billing' },
  plans: { id: 'portal.section.plans', defaultMessage: 'Treatment plan' },
  details: { id: 'portal.section.details', defaultMessage: 'My details' },
  with: { id: 'portal.section.with', defaultMessage: 'with {practice}' },
  at: { id: 'portal.section.at', defaultMessage: 'at {practice}' },
});

/** A practice's pages in the portal, in the order its card and its navigation list them ("Messages with Practice"). */
export const SECTIONS: readonly { path: string; label: MessageDescriptor; where: MessageDescriptor }[] = [
  { path: 'messages', label: SECTION_WORDS.messages, where: SECTION_WORDS.with },
  { path: 'documents', label: SECTION_WORDS.documents, where: SECTION_WORDS.with },
  { path: 'appointments', label: SECTION_WORDS.appointments, where: SECTION_WORDS.with },
  { path: 'billing', label: SECTION_WORDS.billing, where: SECTION_WORDS.at },
  { path: 'treatment-plans', label: SECTION_WORDS.plans, where: SECTION_WORDS.with },
  { path: 'details', label: SECTION_WORDS.details, where: SECTION_WORDS.at },
];

