// Words for forms: kinds, statuses, and which requests are still to do. Plain logic, no React.
import type { FieldDef } from '../../../../shared/fields.js';
import type { FormKind, FormRequestStatus, FormRequestSummary } from '../../../../shared/forms.js';

export const KIND_LABELS: Record<FormKind, string> = {
  intake: 'Intake questionnaire',
  telehealth_consent: 'Telehealth consent',
  informed_consent: 'Informed consent',
  release_of_information: 'Release of information',
  other: 'Other form',
};

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
const dateTimeFmt = new Intl.DateTimeFormat('en-US', { month: 'long', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit' });
const timeFmt = new Intl.DateTimeFormat('en-US', { hour: 'numeric', minute: '2-digit' });

export const shortDate = (iso: string) => dateFmt.format(new Date(iso));
export const longDateTime = (iso: string) => dateTimeFmt.format(new Date(iso));
export const clockTime = (d: Date) => timeFmt.format(d);

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
