// The words for a client's status and the list's sort orders.
import { LOCALES, type Locale } from '../../../../shared/locale.js';
import type { CLIENT_SORTS, CLIENT_STATUSES } from '../../../../shared/clients.js';

export type ClientSort = (typeof CLIENT_SORTS)[number];
export type ClientStatusValue = (typeof CLIENT_STATUSES)[number];

export const STATUS_LABELS: Record<ClientStatusValue, string> = {
  active: 'Active',
  inactive: 'Inactive',
  discharged: 'Discharged',
};

export const SORT_LABELS: Record<ClientSort, string> = {
  lastName: 'Last name (A–Z)',
  '-lastName': 'Last name (Z–A)',
  firstName: 'First name (A–Z)',
  '-firstName': 'First name (Z–A)',
  updatedAt: 'Least recently updated',
  '-updatedAt': 'Most recently updated',
};

/** The languages a client's mail, texts and portal can be in, each named in itself (a Spanish speaker finds "Español"). */
export const LOCALE_LABELS: Record<Locale, string> = { en: 'English', es: 'Español' };
export const LANGUAGE_OPTIONS = LOCALES.map((l) => ({ id: l, label: LOCALE_LABELS[l] }));
