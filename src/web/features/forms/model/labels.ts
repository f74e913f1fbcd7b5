// Words for forms: kinds, statuses, and which requests are still to do. Plain logic, no React.
// A form's kind as the client reads it is a message (KIND_MESSAGES, formatted by the component in
// the client's language); the staff screens use its English (KIND_LABELS), the one source.
import { defineMessages, type MessageDescriptor } from 'react-intl';
import type { FieldDef } from '../../../../shared/fields.js';
import type { FormKind, FormRequestStatus, FormRequestSummary } from '../../../../shared/forms.js';

export const KIND_MESSAGES: Record<FormKind, MessageDescriptor> = defineMessages({
  intake: { id: 'forms.kind.intake', defaultMessage: 'Intake questionnaire' },
  telehealth_consent: { id: 'forms.kind.telehealthConsent', defaultMessage: 'Telehealth consent' },
  informed_consent: { id: 'forms.kind.informedConsent', defaultMessage: 'Informed consent' },
  release_of_information: { id: 'forms.kind.releaseOfInformation', defaultMessage: 'Release of information' },
  other: { id: 'forms.kind.other', defaultMessage: 'Other form' },
});

export const KIND_LABELS = Object.fromEntries(Object.entries(KIND_MESSAGES).map(([k, m]) => [k, m.defaultMessage as string])) as Record<FormKind, string>;

export const STATUS_LABELS: Record<FormRequestStatus, string> = {
  sent: 'Sent',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** Still waiting for the client: sent or started, not completed or cancelled. */
export const isPending = (r: Pick<FormRequestSummary, 'status'>) => r.status === 'sent' || r.status === 'in_progress';

/** Pending first (oldest sent first: the most overdue on top), then completed (newest first), cancelled last. */
export function sortRequests<T extends FormRequestSummary>(items: readonly T[]): T[] {
  const rank = (r: T) => (isPending(r) ? 0 : r.status === 'completed' ? 1 : 2);
  return [...items].sort((a, b) => rank(a) - rank(b) || (isPending(a) ? a.sentAt.localeCompare(b.sentAt) : (b.completedAt ?? b.sentAt).localeCompare(a.completedAt ?? a.sentAt)));
}

/** The form asks for a signature: it has a signature field, or consent wording to agree to. */
export const needsSignature = (fields: readonly FieldDef[], wording: string | null) => fields.some((f) => f.kind === 'signature') || (wording ?? '').trim() !== '';

/** The fields the client answers in the form itself (a signature is given once, in the signing block). */
export const answerFields = (fields: readonly FieldDef[]) => fields.filter((f) => f.kind !== 'signature');

const dateFmt = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' });

export const shortDate = (iso: string) => dateFmt.format(new Date(iso));

/** "Sent Dec 6, 2026 · completed Dec 7, 2026": when it went and when it came back (the status is its badge). */
export function statusLine(r: FormRequestSummary): string {
  const sent = `Sent ${shortDate(r.sentAt)}${r.via === 'first_booking' ? ' with the first booking' : ''}`;
  return r.status === 'completed' && r.completedAt ? `${sent} · completed ${shortDate(r.completedAt)}` : sent;
}

/** Today's per-appointment forms count in words: "Forms complete", "2 forms pending". */
export function formsCountText(c: { pending: number; completed: number }): { text: string; tone: 'ok' | 'warn' } | null {
  if (c.pending === 0 && c.completed === 0) return null;
  if (c.pending === 0) return { text: 'Forms complete', tone: 'ok' };
  return { text: `${c.pending} ${c.pending === 1 ? 'form' : 'forms'} pending`, tone: 'warn' };
}
